// What the always-visible sync indicator shows. Outside sources (the browser's online and
// offline events) are bridged here, once.
class SyncStatus {
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);

	#stop?: () => void;

	start() {
		if (this.#stop) return;
		const set = () => (this.online = navigator.onLine);
		addEventListener('online', set);
		addEventListener('offline', set);
		this.#stop = () => {
			removeEventListener('online', set);
			removeEventListener('offline', set);
		};
	}

	stop() {
		this.#stop?.();
		this.#stop = undefined;
	}
}

export const syncStatus = new SyncStatus();

// What a worker wearing gloves, eyes on the parcel, notices: a short high beep for a good scan,
// a low double buzz and a vibration for a refused one. The screen flashes green or red (the
// screen does that itself from the result). WebAudio: no sound file to load or cache.

let ctx: AudioContext | undefined;

function audio(): AudioContext | undefined {
	if (typeof window === 'undefined' || !('AudioContext' in window)) return undefined;
	ctx ??= new AudioContext();
	if (ctx.state === 'suspended') void ctx.resume();
	return ctx;
}

function tone(freq: number, startS: number, durS: number, type: OscillatorType, volume: number) {
	const a = audio();
	if (!a) return;
	const osc = a.createOscillator();
	const gain = a.createGain();
	osc.type = type;
	osc.frequency.value = freq;
	gain.gain.setValueAtTime(volume, a.currentTime + startS);
	gain.gain.exponentialRampToValueAtTime(0.0001, a.currentTime + startS + durS);
	osc.connect(gain).connect(a.destination);
	osc.start(a.currentTime + startS);
	osc.stop(a.currentTime + startS + durS + 0.02);
}

/** Counters the tests read (window.__terrainScanFeedback), since headless browsers make no sound. */
const counts = { ok: 0, error: 0 };
if (typeof window !== 'undefined') (window as unknown as { __terrainScanFeedback: typeof counts }).__terrainScanFeedback = counts;

export function good() {
	counts.ok++;
	tone(1760, 0, 0.08, 'sine', 0.25);
}

export function bad() {
	counts.error++;
	tone(220, 0, 0.18, 'square', 0.2);
	tone(180, 0.22, 0.25, 'square', 0.2);
	if (typeof navigator !== 'undefined' && 'vibrate' in navigator) navigator.vibrate([120, 60, 120]);
}

/** Call from a first tap: browsers only let a page make sound after a user gesture. */
export function unlockAudio() {
	audio();
}

// Unit tests read screens' messages as a signed-in screen does: loaded first (see loadScreens).
import { loadScreens } from '$lib/i18n/i18n.svelte';

await loadScreens();

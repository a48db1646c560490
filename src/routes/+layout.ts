// A client-side app: nothing is rendered on a server, every screen reads IndexedDB in the browser.
export const ssr = false;
export const prerender = false;

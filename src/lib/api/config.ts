// Where the Supabase project is. Set PUBLIC_SUPABASE_URL and PUBLIC_SUPABASE_ANON_KEY at build
// time for a real project; without them the app talks to the local stack (`npm run dev`),
// which uses the Supabase CLI's local URL and anon key.
declare const __SUPABASE_URL__: string;
declare const __SUPABASE_ANON_KEY__: string;

export const SUPABASE_URL: string = __SUPABASE_URL__;
export const SUPABASE_ANON_KEY: string = __SUPABASE_ANON_KEY__;

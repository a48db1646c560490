// The one Supabase client of the app. Its session (access and refresh tokens) persists in
// localStorage and is refreshed by supabase-js before it expires.
import { createClient } from '@supabase/supabase-js';
import { SUPABASE_ANON_KEY, SUPABASE_URL } from './config';

export const supabase = createClient(SUPABASE_URL, SUPABASE_ANON_KEY, {
	auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: false, storageKey: 'terrain.auth' }
});

// What the clients screens read beside the synced rows (declared once in $lib/db/rows).

export type ClientKind = 'company' | 'individual';

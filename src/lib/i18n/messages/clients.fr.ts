// Messages of the clients screens, French (the source). Keys start with 'clients.'.
export const clientsFr = {} as const;

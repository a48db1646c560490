// Messages of the sales screens, French (the source). Keys start with 'sales.'.
export const salesFr = {} as const;

// Messages of the warehouse screens, French (the source). Keys start with 'warehouse.'.
export const warehouseFr = {} as const;

// Messages of the manager screens, French (the source). Keys start with 'manager.'.
export const managerFr = {} as const;

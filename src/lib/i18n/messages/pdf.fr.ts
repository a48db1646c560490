// Messages of the pdf screens, French (the source). Keys start with 'pdf.'.
export const pdfFr = {} as const;

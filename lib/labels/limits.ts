// Shared with the browser (the forms' maxLength), so it lives apart from the database code.
export const LABEL_NAME_MAX = 40;

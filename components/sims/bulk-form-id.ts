// The bulk form's id: row checkboxes in the server-rendered table join it by their `form` attribute.
export const BULK_FORM_ID = "bulk-form";

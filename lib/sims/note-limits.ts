// Shared by the note's server-side check and its editor in the browser.
export const NOTE_MAX_LENGTH = 500;

// Ids that come from forms and URLs: anything that is not a UUID cannot be one, and must not
// reach a uuid cast (which would fail the whole statement).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: string) => UUID.test(id);

/**
 * An `application/x-www-form-urlencoded` body read as Rack reads it, for the routes that take an
 * array of objects (`actions[][action]=create&actions[][file_path]=a&actions[][action]=delete...`):
 * `name[][key]` appends to the array `name`, starting a new object whenever `key` is already set
 * in the last one; `name[3][key]` sets the object at that index. Other keys read as
 * `querystring.parse` reads them (a repeated key becomes an array).
 */
export function parseNestedForm(body: string): Record<string, unknown> {
  const result = new Map<string, unknown>();
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decode(equals < 0 ? pair : pair.slice(0, equals));
    const value = decode(equals < 0 ? '' : pair.slice(equals + 1));
    const nested = /^([^[\]]+)\[(\d*)\]\[([^[\]]+)\]$/.exec(key);
    if (nested) {
      const [, name, index, field] = nested as unknown as [string, string, string, string];
      const list = Array.isArray(result.get(name)) ? (result.get(name) as Record<string, string>[]) : [];
      result.set(name, list);
      if (index !== '') {
        const at = Number(index);
        if (at > list.length || at > 10_000) continue; // no holes: an index is the next object or an existing one
        list[at] ??= Object.create(null) as Record<string, string>;
        list[at]![field] = value;
      } else {
        const last = list[list.length - 1];
        if (last === undefined || field in last) list.push(Object.assign(Object.create(null) as Record<string, string>, { [field]: value }));
        else last[field] = value;
      }
      continue;
    }
    const previous = result.get(key);
    if (previous === undefined) result.set(key, value);
    else if (Array.isArray(previous)) previous.push(value);
    else result.set(key, [previous, value]);
  }
  return Object.fromEntries(result);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

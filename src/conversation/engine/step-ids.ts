// Ids of the buttons and rows a step sends: `<flow>/<step>/<what>`, so a tap on a stale message is recognised.
export const optionId = (flow: string, step: string, what: string): string => `${flow}/${step}/${what}`;

/** The `<what>` of an id sent by this flow's step, or null for an id of another step or flow. */
export function ownId(id: string, flow: string, step: string): string | null {
  const prefix = `${flow}/${step}/`;
  return id.startsWith(prefix) ? id.slice(prefix.length) : null;
}

import type { StateValue } from 'xstate';

/** The dotted path of the state a flow is in, e.g. `live.freeze.enteringMobileNumber`: what `Call.state` stores. */
export function statePath(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? ['?', '?'];
  return child === undefined ? key : `${key}.${statePath(child as StateValue)}`;
}

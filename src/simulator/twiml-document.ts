import { DOMParser, type Element } from '@xmldom/xmldom';

/** One element of a TwiML document, reduced to what the interpreter needs. */
export interface TwimlElement {
  name: string;
  attributes: Record<string, string>;
  children: TwimlElement[];
  /** The concatenated text of the element and its descendants, trimmed (a Say's words, a Redirect's URL). */
  text: string;
  /** Non-blank text directly inside this element, outside child elements. */
  ownText: string;
}

export type ParsedTwiml = { ok: true; root: TwimlElement } | { ok: false; reason: string };

// SSML in <Say> uses the amazon: prefix without declaring it; Twilio accepts that, so the parser must too.
const ASSUMED_NAMESPACES = { amazon: 'https://www.amazon.com/ssml' };

/** Parses a response body as XML; a body that is not well-formed XML gives `ok: false` with the parser's reason. */
export function parseTwiml(body: string): ParsedTwiml {
  let root: Element | null;
  try {
    const parser = new DOMParser({
      xmlns: ASSUMED_NAMESPACES,
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    });
    root = parser.parseFromString(body, 'text/xml').documentElement;
  } catch (err) {
    return { ok: false, reason: firstLine((err as Error).message) };
  }
  if (!root) return { ok: false, reason: 'no root element' };
  return { ok: true, root: toElement(root) };
}

function toElement(node: Element): TwimlElement {
  const attributes: Record<string, string> = {};
  for (let i = 0; i < node.attributes.length; i += 1) {
    const attribute = node.attributes.item(i);
    if (attribute) attributes[attribute.name] = attribute.value;
  }
  const children: TwimlElement[] = [];
  let ownText = '';
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) children.push(toElement(child as Element));
    else if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) {
      ownText += child.nodeValue ?? '';
    }
  }
  return {
    name: node.nodeName,
    attributes,
    children,
    text: (node.textContent ?? '').replace(/\s+/g, ' ').trim(),
    ownText: ownText.trim(),
  };
}

function firstLine(message: string): string {
  const cleaned = message.replace(/^.*?caused Error: /s, '');
  return (cleaned.split('\n')[0] ?? cleaned).slice(0, 200);
}

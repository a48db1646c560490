// A small XML writer for the Factur-X: elements as nested arrays, text escaped, no templating.
// Empty optional elements are left out, so a builder can write el('ram:LineTwo', a.line2)
// without a test around it. One element per line, not indented: a 1,000-line invoice's XML is a
// third smaller, which the phone embeds, compresses and archives.

export type XmlNode = XmlElement | null | undefined | false | '';
export interface XmlElement {
	name: string;
	attrs?: Record<string, string>;
	text?: string;
	children?: XmlNode[];
}

// XML 1.0 refuses most control characters even escaped: they are dropped, never sent.
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(s: string): string {
	return s
		.replace(INVALID, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/** An element with text, or null when the text is empty (an optional element left out). */
export function text(name: string, value: string | number | null | undefined, attrs?: Record<string, string>): XmlElement | null {
	const s = value === null || value === undefined ? '' : String(value).trim();
	return s === '' ? null : { name, text: s, attrs };
}

/** An element with children, or null when none of them is present. */
export function el(name: string, children: XmlNode[], attrs?: Record<string, string>): XmlElement | null {
	return children.some(Boolean) ? { name, children, attrs } : null;
}

function write(node: XmlElement, out: string[]): void {
	const attrs = node.attrs ? Object.entries(node.attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('') : '';
	if (node.text !== undefined) {
		out.push(`<${node.name}${attrs}>${escapeXml(node.text)}</${node.name}>`);
		return;
	}
	out.push(`<${node.name}${attrs}>`);
	for (const child of node.children ?? []) if (child) write(child, out);
	out.push(`</${node.name}>`);
}

/** The document, with its XML declaration, one element per line, ending with a newline. */
export function serialize(root: XmlElement): string {
	const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
	write(root, out);
	return out.join('\n') + '\n';
}

import {
  findNodeAtLocation,
  getNodePath,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError
} from 'jsonc-parser'

export type { Node } from 'jsonc-parser'

/**
 * A JSON file of a package. `root` is undefined when the text is not JSON at all; `errors`
 * lists the syntax errors with their offsets.
 *
 * Most files are plain JSON: they are parsed with JSON.parse (fast) into nodes of jsonc-parser's
 * shape without offsets, and positioned with jsonc-parser's tolerant parser only when a finding
 * needs a line and column. A file JSON.parse refuses (comments, which ARM accepts, or a syntax
 * error) is parsed with jsonc-parser at once.
 */
export interface JsonDocument {
  /** The file's name inside the zip. */
  file: string
  text: string
  root: Node | undefined
  errors: { offset: number; message: string }[]
  /** The tree with offsets, once parsed. */
  positioned?: Node
  /** Offset of the first character of each line, once needed. */
  lineStarts?: number[]
}

export function parseJson(file: string, raw: string): JsonDocument {
  // A byte order mark is common in files saved on Windows; neither parser wants it.
  const text = raw.replace(/^\uFEFF/, '')
  try {
    return { file, text, root: fromValue(JSON.parse(text) as unknown, undefined), errors: [] }
  } catch {
    const parseErrors: ParseError[] = []
    const root = parseTree(text, parseErrors, { allowTrailingComma: false })
    return {
      file,
      text,
      root,
      positioned: root,
      errors: parseErrors.map((error) => ({
        offset: error.offset,
        message: printParseErrorCode(error.error)
      }))
    }
  }
}

/** jsonc-parser's Node with its fields writable, to build one. */
type NodeUnderConstruction = { -readonly [K in keyof Node]: Node[K] }

/** A parsed value as jsonc-parser nodes (children, parents, property pairs), offsets unknown (-1). */
function fromValue(value: unknown, parent: Node | undefined): Node {
  const node: NodeUnderConstruction = { type: 'null', offset: -1, length: 0, parent }
  if (Array.isArray(value)) {
    node.type = 'array'
    node.children = value.map((item) => fromValue(item, node))
  } else if (value !== null && typeof value === 'object') {
    node.type = 'object'
    node.children = Object.entries(value).map(([key, item]) => {
      const pair: NodeUnderConstruction = { type: 'property', offset: -1, length: 0, parent: node }
      pair.children = [
        { type: 'string', value: key, offset: -1, length: 0, parent: pair },
        fromValue(item, pair)
      ]
      return pair
    })
  } else if (value !== null) {
    node.type = typeof value as 'string' | 'number' | 'boolean'
    node.value = value
  }
  return node
}

/**
 * 1-based line and column of a node. A node of a file parsed with JSON.parse is found by its
 * path in the positioned tree, parsed once, on first need.
 */
export function position(document: JsonDocument, node: Node): { line: number; column: number } {
  const offset = offsetOf(document, node)
  document.lineStarts ??= lineStartsOf(document.text)
  const starts = document.lineStarts
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (starts[middle] <= offset) low = middle
    else high = middle - 1
  }
  return { line: low + 1, column: offset - starts[low] + 1 }
}

function offsetOf(document: JsonDocument, node: Node): number {
  if (node.offset >= 0) return node.offset
  document.positioned ??= parseTree(document.text)
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node
  const found = findNodeAtLocation(
    document.positioned!,
    getNodePath(isKey ? node.parent!.children![1] : node)
  )
  const located = isKey ? found?.parent?.children?.[0] : found
  return located?.offset ?? 0
}

function lineStartsOf(text: string): number[] {
  const starts = [0]
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1)
  return starts
}

/** The JSON path of a node: `$.resources[0].properties['odd key']`. */
export function jsonPath(node: Node): string {
  return (
    '$' +
    getNodePath(node)
      .map((segment) =>
        typeof segment === 'number'
          ? `[${segment}]`
          : /^[A-Za-z_$][\w$]*$/.test(segment)
            ? `.${segment}`
            : `[${JSON.stringify(segment)}]`
      )
      .join('')
  )
}

/** A property's value node, by name, ignoring case as ARM does. */
export function property(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined
  let match: Node | undefined
  for (const pair of node.children ?? []) {
    const name = pair.children?.[0]?.value as string | undefined
    if (name === key) return pair.children?.[1]
    if (!match && name?.toLowerCase() === key.toLowerCase()) match = pair.children?.[1]
  }
  return match
}

/** The members of an object node, with their key nodes (for pointing at a name). */
export function members(node: Node | undefined): { key: string; keyNode: Node; value: Node }[] {
  if (node?.type !== 'object' || !node.children) return []
  const found = []
  for (const pair of node.children) {
    const [keyNode, value] = pair.children ?? []
    if (keyNode && value) found.push({ key: String(keyNode.value), keyNode, value })
  }
  return found
}

/** The items of an array node. */
export function items(node: Node | undefined): Node[] {
  return node?.type === 'array' ? (node.children ?? []) : []
}

/** A string node's text, else undefined. */
export function text(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined
}

/** The plain value of a node (objects and arrays built in full). */
export function valueOf(node: Node | undefined): unknown {
  return node ? getNodeValue(node) : undefined
}

/** Calls `visit` for every string node under `node`, keys excluded. */
export function eachString(node: Node | undefined, visit: (node: Node) => void): void {
  if (!node) return
  if (node.type === 'string') visit(node)
  else if (node.type === 'property') eachString(node.children?.[1], visit)
  else for (const child of node.children ?? []) eachString(child, visit)
}

import {
  getNodePath,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError
} from 'jsonc-parser'

export type { Node } from 'jsonc-parser'

/**
 * A JSON file of a package, parsed with positions (jsonc-parser: ARM templates may hold
 * comments). `root` is undefined when the text is not JSON at all; `errors` lists the syntax
 * errors with their offsets.
 */
export interface JsonDocument {
  /** The file's name inside the zip. */
  file: string
  root: Node | undefined
  errors: { offset: number; message: string }[]
  /** Offset of the first character of each line, for offset → line and column. */
  lineStarts: number[]
}

export function parseJson(file: string, text: string): JsonDocument {
  const parseErrors: ParseError[] = []
  const root = parseTree(text, parseErrors, { allowTrailingComma: false })
  const lineStarts = [0]
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    lineStarts.push(at + 1)
  }
  return {
    file,
    root,
    errors: parseErrors.map((error) => ({
      offset: error.offset,
      message: printParseErrorCode(error.error)
    })),
    lineStarts
  }
}

/** 1-based line and column of an offset. */
export function position(document: JsonDocument, offset: number): { line: number; column: number } {
  let low = 0
  let high = document.lineStarts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (document.lineStarts[middle] <= offset) low = middle
    else high = middle - 1
  }
  return { line: low + 1, column: offset - document.lineStarts[low] + 1 }
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

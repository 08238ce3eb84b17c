package bank

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// node is an XML element by its local name: camt's versions differ in
// their namespace (and a little in their shape), never in the local names
// we read, so one reader serves .001.02 to .001.08.
type node struct {
	name     string
	attrs    map[string]string
	text     string
	children []*node
	parent   *node
	line     int
}

// maxXMLDepth bounds nesting: a statement is a dozen levels deep, a hostile
// file could be thousands.
const maxXMLDepth = 64

func parseXMLTree(data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	// A statement declares UTF-8; anything else is read byte for byte and
	// cleaned as text later rather than refused for its label.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var root, cur *node
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return nil, fmt.Errorf("line %d (%s): %w", line, pathOf(cur), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := d.InputPos()
			n := &node{name: t.Name.Local, parent: cur, line: line}
			for _, a := range t.Attr {
				if n.attrs == nil {
					n.attrs = map[string]string{}
				}
				n.attrs[a.Name.Local] = a.Value
			}
			if cur == nil {
				if root != nil {
					return nil, fmt.Errorf("line %d: a second root element %s", line, n.name)
				}
				root = n
			} else {
				if depthOf(cur) >= maxXMLDepth {
					return nil, fmt.Errorf("line %d (%s): nested too deep", line, pathOf(cur))
				}
				cur.children = append(cur.children, n)
			}
			cur = n
		case xml.EndElement:
			cur.text = strings.TrimSpace(cur.text)
			cur = cur.parent
		case xml.CharData:
			if cur != nil {
				cur.text += string(t)
			}
		}
	}
	if root == nil {
		return nil, errors.New("no XML element")
	}
	return root, nil
}

func depthOf(n *node) int {
	d := 0
	for ; n != nil; n = n.parent {
		d++
	}
	return d
}

// pathOf names an element as "Document/BkToCstmrStmt/Stmt[1]/Ntry[3]" for
// messages: the position counts among siblings of the same name.
func pathOf(n *node) string {
	if n == nil {
		return "/"
	}
	var parts []string
	for ; n != nil; n = n.parent {
		part := n.name
		if n.parent != nil {
			i, same := 0, 0
			for _, c := range n.parent.children {
				if c.name == n.name {
					same++
					if c == n {
						i = same
					}
				}
			}
			if same > 1 {
				part = fmt.Sprintf("%s[%d]", n.name, i)
			}
		}
		parts = append(parts, part)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "/")
}

// child follows a path of local names; nil when any step is missing.
func (n *node) child(names ...string) *node {
	for _, name := range names {
		if n == nil {
			return nil
		}
		var next *node
		for _, c := range n.children {
			if c.name == name {
				next = c
				break
			}
		}
		n = next
	}
	return n
}

// all lists the children of that name.
func (n *node) all(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// str is the text at a path, "" when missing.
func (n *node) str(names ...string) string {
	if c := n.child(names...); c != nil {
		return c.text
	}
	return ""
}

// first is the text of the first path present.
func (n *node) first(paths ...[]string) string {
	for _, p := range paths {
		if s := n.str(p...); s != "" {
			return s
		}
	}
	return ""
}

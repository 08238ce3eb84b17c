package einvoice

import (
	"bufio"
	"encoding/xml"
	"io"
)

// node is an element of the document being written. The tree is built in
// the schema's order and written once with encoding/xml, which escapes
// the text; names carry their prefix ("ram:ID"), declared on the root.
type node struct {
	name  string
	attrs []xml.Attr
	text  string
	kids  []*node
}

// el is an element with children; nil children are left out, and so is
// an element left with neither text nor children (an optional group
// whose fields are all empty).
func el(name string, kids ...*node) *node {
	n := &node{name: name}
	for _, k := range kids {
		if k != nil {
			n.kids = append(n.kids, k)
		}
	}
	if len(n.kids) == 0 {
		return nil
	}
	return n
}

// tx is an element holding text, with attributes as name, value pairs;
// nil when the text is empty (an optional field left out).
func tx(name, text string, attrs ...string) *node {
	if text == "" {
		return nil
	}
	n := &node{name: name, text: text}
	for i := 0; i+1 < len(attrs); i += 2 {
		n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	return n
}

// with adds attributes to an element.
func (n *node) with(attrs ...string) *node {
	for i := 0; i+1 < len(attrs); i += 2 {
		n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	return n
}

func (n *node) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(xml.Header); err != nil {
		return err
	}
	e := xml.NewEncoder(bw)
	e.Indent("", "  ")
	if err := n.encode(e); err != nil {
		return err
	}
	if err := e.Close(); err != nil {
		return err
	}
	if _, err := bw.WriteString("\n"); err != nil {
		return err
	}
	return bw.Flush()
}

func (n *node) encode(e *xml.Encoder) error {
	start := xml.StartElement{Name: xml.Name{Local: n.name}, Attr: n.attrs}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if n.text != "" {
		if err := e.EncodeToken(xml.CharData(n.text)); err != nil {
			return err
		}
	}
	for _, k := range n.kids {
		if err := k.encode(e); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// xmlEscape writes s escaped for XML text.
func xmlEscape(w io.Writer, s string) error { return xml.EscapeText(w, []byte(s)) }

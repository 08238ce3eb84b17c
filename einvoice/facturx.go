package einvoice

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"paidup/assets"
)

// FacturX metadata: what the PDF's Info dictionary and XMP both say.
type PDFMeta struct {
	Title  string    // "Invoice INV-000001"
	Author string    // the business
	Date   time.Time // creation and modification date: the document's own, so output is deterministic
}

// FacturX turns an invoice PDF written by fpdf into a Factur-X PDF: a
// PDF/A-3 (conformance B) whose factur-x.xml (the CII of the EN 16931
// profile) is an associated file with relationship Alternative, listed in
// the catalog's /AF and the EmbeddedFiles name tree, with XMP metadata
// carrying the Factur-X extension schema and an sRGB output intent.
//
// fpdf (go-pdf/fpdf v0.9) writes none of these (its attachments have no
// /AFRelationship, its XMP is not linked from the catalog), so the file is
// rewritten once here: its objects are kept (links marked printable), a binary marker
// comment follows the header, the Info dictionary and the catalog (fpdf's
// last two objects) are written anew with the new objects after them, and
// one cross-reference table covers all. Fonts are embedded by fpdf already.
func FacturX(pdf, xmlData []byte, meta PDFMeta) ([]byte, error) {
	p, err := parseFpdf(pdf)
	if err != nil {
		return nil, fmt.Errorf("factur-x: %w", err)
	}
	// PDF/A: the header, then a comment of four bytes above 127.
	const header = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"
	var out bytes.Buffer
	out.WriteString(header)
	offsets := make([]int64, p.size)
	// fpdf's objects, each as written but for its links, which PDF/A
	// wants printable (/F 4); the objects move, the table below follows.
	order := make([]int, 0, p.size)
	for i := 1; i < p.size; i++ {
		if i != p.info && i != p.root {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(a, b int) bool { return p.offsets[order[a]] < p.offsets[order[b]] })
	if len(order) > 0 {
		out.Write(pdf[p.bodyStart:p.offsets[order[0]]])
	}
	for k, i := range order {
		end := p.offsets[p.info]
		if k+1 < len(order) {
			end = p.offsets[order[k+1]]
		}
		offsets[i] = int64(out.Len())
		o := pdf[p.offsets[i]:end]
		if bytes.Contains(o, []byte("/Type /Page")) && !bytes.Contains(o, []byte("stream")) {
			o = bytes.ReplaceAll(o, []byte("/Subtype /Link "), []byte("/Subtype /Link /F 4 "))
		}
		out.Write(o)
	}
	obj := func(n int, body string) {
		for len(offsets) <= n {
			offsets = append(offsets, 0)
		}
		offsets[n] = int64(out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	stream := func(n int, dict string, data []byte) {
		for len(offsets) <= n {
			offsets = append(offsets, 0)
		}
		offsets[n] = int64(out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n<< %s /Length %d >>\nstream\n", n, dict, len(data))
		out.Write(data)
		out.WriteString("\nendstream\nendobj\n")
	}
	day := time.Date(meta.Date.Year(), meta.Date.Month(), meta.Date.Day(), 0, 0, 0, 0, time.UTC)
	pdfDate := "(D:" + day.Format("20060102150405") + "Z)"

	n := p.size
	fileObj, specObj, xmpObj, iccObj, intentObj := n, n+1, n+2, n+3, n+4
	sum := md5.Sum(xmlData)
	stream(fileObj, fmt.Sprintf("/Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Params << /ModDate %s /Size %d /CheckSum <%s> >>",
		pdfDate, len(xmlData), hex.EncodeToString(sum[:])), deflate(xmlData))
	obj(specObj, fmt.Sprintf("<< /Type /Filespec /F (%s) /UF (%s) /Desc (Factur-X invoice) /AFRelationship /Alternative /EF << /F %d 0 R /UF %d 0 R >> >>",
		facturXFileName, facturXFileName, fileObj, fileObj))
	stream(xmpObj, "/Type /Metadata /Subtype /XML", xmp(meta, day))
	stream(iccObj, "/N 3 /Filter /FlateDecode", srgb())
	obj(intentObj, fmt.Sprintf("<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) /RegistryName (http://www.color.org) /Info (sRGB IEC61966-2.1) /DestOutputProfile %d 0 R >>", iccObj))
	obj(p.info, fmt.Sprintf("<< /Title %s /Author %s /Creator (Paidup) /Producer (Paidup) /CreationDate %s /ModDate %s >>",
		pdfText(meta.Title), pdfText(meta.Author), pdfDate, pdfDate))
	obj(p.root, fmt.Sprintf("<< %s /Names << /EmbeddedFiles << /Names [(%s) %d 0 R] >> >> /AF [%d 0 R] /Metadata %d 0 R /OutputIntents [%d 0 R] /PageMode /UseAttachments >>",
		p.catalog, facturXFileName, specObj, specObj, xmpObj, intentObj))

	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for i := 1; i < len(offsets); i++ {
		fmt.Fprintf(&out, "%010d 00000 n \n", offsets[i])
	}
	id := md5.Sum(append(append([]byte(meta.Title+"\x00"), sum[:]...), pdf[:min(len(pdf), 4096)]...))
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(offsets), p.root, p.info, id, id, xref)
	return out.Bytes(), nil
}

// fpdfFile is what FacturX needs to know of fpdf's output.
type fpdfFile struct {
	bodyStart  int     // after the header line
	offsets    []int64 // by object number
	size       int     // /Size
	root, info int
	catalog    string // the catalog's entries without its /Names
}

var (
	reStartXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	reTrailer   = regexp.MustCompile(`(?s)trailer\s*<<(.*?)>>`)
	reSize      = regexp.MustCompile(`/Size (\d+)`)
	reRoot      = regexp.MustCompile(`/Root (\d+) 0 R`)
	reInfo      = regexp.MustCompile(`/Info (\d+) 0 R`)
)

func parseFpdf(pdf []byte) (*fpdfFile, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.")) {
		return nil, fmt.Errorf("not a PDF")
	}
	p := &fpdfFile{bodyStart: bytes.IndexByte(pdf, '\n') + 1}
	m := reStartXref.FindSubmatch(pdf)
	if m == nil {
		return nil, fmt.Errorf("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref <= 0 || xref >= len(pdf) || !bytes.HasPrefix(pdf[xref:], []byte("xref")) {
		return nil, fmt.Errorf("startxref %d points at no cross-reference table", xref)
	}
	t := reTrailer.FindSubmatch(pdf[xref:])
	if t == nil {
		return nil, fmt.Errorf("no trailer")
	}
	for _, f := range []struct {
		re  *regexp.Regexp
		dst *int
	}{{reSize, &p.size}, {reRoot, &p.root}, {reInfo, &p.info}} {
		v := f.re.FindSubmatch(t[1])
		if v == nil {
			return nil, fmt.Errorf("trailer lacks %s", f.re)
		}
		*f.dst, _ = strconv.Atoi(string(v[1]))
	}
	if strings.Contains(string(t[1]), "/Encrypt") {
		return nil, fmt.Errorf("an encrypted PDF cannot be PDF/A")
	}
	// One subsection "0 N", entries of 20 bytes.
	lines := bytes.SplitN(pdf[xref:], []byte("\n"), 3)
	if len(lines) < 3 || string(lines[1]) != fmt.Sprintf("0 %d", p.size) {
		return nil, fmt.Errorf("cross-reference table is not one section of %d objects", p.size)
	}
	entries := lines[2]
	p.offsets = make([]int64, p.size)
	for i := 1; i < p.size; i++ {
		e := entries[i*20 : i*20+20]
		off, err := strconv.ParseInt(string(e[:10]), 10, 64)
		if err != nil || e[17] != 'n' {
			return nil, fmt.Errorf("cross-reference entry %d: %q", i, e)
		}
		p.offsets[i] = off
	}
	// fpdf writes the Info dictionary and the catalog last: they are
	// replaced, everything before them kept.
	if p.info != p.size-2 || p.root != p.size-1 || p.offsets[p.root] < p.offsets[p.info] {
		return nil, fmt.Errorf("the Info dictionary and catalog are not the last objects (%d, %d of %d)", p.info, p.root, p.size)
	}
	cat := string(pdf[p.offsets[p.root]:xref])
	start, end := strings.Index(cat, "<<"), strings.LastIndex(cat, ">>")
	if start < 0 || end < start {
		return nil, fmt.Errorf("catalog %d is not a dictionary", p.root)
	}
	body := cat[start+2 : end]
	if i := strings.Index(body, "/Names"); i >= 0 {
		j := dictEnd(body, i+len("/Names"))
		if j < 0 {
			return nil, fmt.Errorf("catalog /Names is not a dictionary")
		}
		body = body[:i] + body[j:]
	}
	if strings.Contains(body, "/Metadata") || strings.Contains(body, "/OutputIntents") || strings.Contains(body, "/AF") {
		return nil, fmt.Errorf("the catalog has metadata or associated files already")
	}
	p.catalog = strings.Join(strings.Fields(body), " ")
	return p, nil
}

// dictEnd is the index just after the dictionary starting at or after i.
func dictEnd(s string, i int) int {
	k := strings.Index(s[i:], "<<")
	if k < 0 {
		return -1
	}
	depth := 0
	for j := i + k; j+1 < len(s); j++ {
		switch s[j : j+2] {
		case "<<":
			depth++
			j++
		case ">>":
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// srgb is the output intent's profile, compressed once.
var srgb = sync.OnceValue(func() []byte { return deflate(assets.SRGB) })

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// pdfText is a PDF text string in UTF-16BE with its byte order mark, as
// hex: any text, no escaping.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// xmp is the metadata packet: PDF/A-3B identification, the document's
// title, author and dates (as the Info dictionary says them), and the
// Factur-X extension schema, described for PDF/A as extension schemas must be.
func xmp(meta PDFMeta, day time.Time) []byte {
	esc := func(s string) string {
		var b bytes.Buffer
		_ = xmlEscape(&b, s)
		return b.String()
	}
	date := day.Format("2006-01-02T15:04:05Z")
	return []byte(`<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(meta.Title) + `</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>` + esc(meta.Author) + `</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>Paidup</xmp:CreatorTool>
   <xmp:CreateDate>` + date + `</xmp:CreateDate>
   <xmp:ModifyDate>` + date + `</xmp:ModifyDate>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>Paidup</pdf:Producer>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
   <fx:DocumentType>INVOICE</fx:DocumentType>
   <fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
   <fx:Version>1.0</fx:Version>
   <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>fx</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description></rdf:li>
        <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description></rdf:li>
        <rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description></rdf:li>
        <rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description></rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`)
}

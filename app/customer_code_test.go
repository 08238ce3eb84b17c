package app

import "testing"

func TestCodeOf(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"Acme, Inc.", "ACMEINC"},
		{"Thương mại Nguyễn Đức", "THUONGMAINGUYENDUC"},
		{"Müller Łódź Sp. z o.o.", "MULLERLODZSPZOO"},
		{"Řeznictví Šťastný", "REZNICTVISTASTNY"},
		{"Straße 7", "STRASSE7"},
		{"北京贸易有限公司", "北京贸易有限公司"},
		{"شركة النور", "شركةالنور"},
		{"株式会社山田商事 (東京)", "株式会社山田商事東京"},
		{"Ελληνική Εταιρεία", "ΕΛΛΗΝΙΚΉΕΤΑΙΡΕΊΑ"},
		{"शर्मा ट्रेडर्स", "शर्माट्रेडर्स"},
		{"!!!", "CUSTOMER"},
		{"A very long customer name that goes on and on", "AVERYLONGCUSTOMERNAM"},
		{"一二三四五六七八九十一二三四五六七八九十一二三", "一二三四五六七八九十一二三四五六七八九十"},
	} {
		got := codeOf(c.name)
		if got != c.want {
			t.Errorf("codeOf(%q) = %q, want %q", c.name, got, c.want)
		}
		if len(got) > 60 {
			t.Errorf("codeOf(%q) is %d bytes", c.name, len(got))
		}
	}
}

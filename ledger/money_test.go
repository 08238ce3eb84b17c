package ledger

import (
	"errors"
	"math"
	"testing"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		name, in, cur string
		want          int64
		wantErr       bool
	}{
		{"OK", "1234.50", "USD", 123450, false},
		{"OKWhole", "12", "USD", 1200, false},
		{"OKOneDecimal", "65.7", "USD", 6570, false},
		{"OKNegative", "-0.05", "USD", -5, false},
		{"OKPlus", "+3.10", "EUR", 310, false},
		{"OKLeadingDot", ".5", "USD", 50, false},
		{"OKJPY", "1500", "JPY", 1500, false},
		{"OKKWD", "1.125", "KWD", 1125, false},
		{"OKSpaces", " 7.00 ", "USD", 700, false},
		{"ErrTooManyDecimals", "12.345", "USD", 0, true},
		{"ErrJPYDecimals", "1500.5", "JPY", 0, true},
		{"ErrKWDFour", "1.1250", "KWD", 0, true},
		{"ErrComma", "1,234.50", "USD", 0, true},
		{"ErrDecimalComma", "12,50", "EUR", 0, true},
		{"ErrExponent", "1e3", "USD", 0, true},
		{"ErrEmpty", "", "USD", 0, true},
		{"ErrDotOnly", ".", "USD", 0, true},
		{"ErrTrailingDot", "5.", "USD", 0, true},
		{"ErrLetters", "abc", "USD", 0, true},
		{"ErrOverflow", "99999999999999999999", "USD", 0, true},
		{"ErrUnknownCurrency", "1", "XYZ", 0, true},
		{"ErrNonASCIIDigits", "١٢", "USD", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMoney(tt.in, tt.cur)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseMoney(%q, %s) error = %v, wantErr %v", tt.in, tt.cur, err, tt.wantErr)
			}
			if err == nil && got.Minor != tt.want {
				t.Fatalf("ParseMoney(%q, %s) = %d, want %d", tt.in, tt.cur, got.Minor, tt.want)
			}
		})
	}
}

func TestMoneyPrint(t *testing.T) {
	tests := []struct {
		m            Money
		plain, human string
	}{
		{NewMoney(123450, "USD"), "1234.50", "1,234.50 USD"},
		{NewMoney(-5, "USD"), "-0.05", "-0.05 USD"},
		{NewMoney(0, "EUR"), "0.00", "0.00 EUR"},
		{NewMoney(1500, "JPY"), "1500", "1,500 JPY"},
		{NewMoney(1125, "KWD"), "1.125", "1.125 KWD"},
		{NewMoney(123456789012, "USD"), "1234567890.12", "1,234,567,890.12 USD"},
		{NewMoney(-100000, "JPY"), "-100000", "-100,000 JPY"},
	}
	for _, tt := range tests {
		if got := tt.m.Plain(); got != tt.plain {
			t.Errorf("Plain(%v) = %q, want %q", tt.m, got, tt.plain)
		}
		if got := tt.m.String(); got != tt.human {
			t.Errorf("String(%v) = %q, want %q", tt.m, got, tt.human)
		}
		back, err := ParseMoney(tt.m.Plain(), tt.m.Currency)
		if err != nil || back != tt.m {
			t.Errorf("round trip of %v gave %v, %v", tt.m, back, err)
		}
	}
	if got := NewMoney(123450, "EUR").Format("de-DE"); got != "1.234,50\u00a0€" {
		t.Errorf("Format de-DE = %q", got)
	}
}

func TestMoneyArithmetic(t *testing.T) {
	a, b := NewMoney(100, "USD"), NewMoney(250, "USD")
	if s, err := a.Add(b); err != nil || s.Minor != 350 {
		t.Fatalf("Add = %v, %v", s, err)
	}
	if d, err := a.Sub(b); err != nil || d.Minor != -150 {
		t.Fatalf("Sub = %v, %v", d, err)
	}
	if _, err := a.Add(NewMoney(1, "EUR")); !errors.Is(err, ErrCurrencyMismatch) {
		t.Fatalf("Add across currencies: %v", err)
	}
	if _, err := NewMoney(1<<62, "USD").Add(NewMoney(1<<62, "USD")); err == nil {
		t.Fatal("overflow not caught")
	}
}

func TestMoneyAddSubEdges(t *testing.T) {
	usd := func(n int64) Money { return NewMoney(n, "USD") }
	tests := []struct {
		name    string
		op      func() (Money, error)
		want    int64
		wantErr error
	}{
		{"AddMax", func() (Money, error) { return usd(math.MaxInt64 - 1).Add(usd(1)) }, math.MaxInt64, nil},
		{"AddOverflow", func() (Money, error) { return usd(math.MaxInt64).Add(usd(1)) }, 0, ErrAmountOverflow},
		{"AddUnderflow", func() (Money, error) { return usd(math.MinInt64).Add(usd(-1)) }, 0, ErrAmountOverflow},
		{"AddMinPlusMax", func() (Money, error) { return usd(math.MinInt64).Add(usd(math.MaxInt64)) }, -1, nil},
		{"SubMin", func() (Money, error) { return usd(0).Sub(usd(math.MinInt64)) }, 0, ErrAmountOverflow},
		{"SubMinFromMinusOne", func() (Money, error) { return usd(-1).Sub(usd(math.MinInt64)) }, math.MaxInt64, nil},
		{"SubUnderflow", func() (Money, error) { return usd(math.MinInt64).Sub(usd(1)) }, 0, ErrAmountOverflow},
		{"SubOverflow", func() (Money, error) { return usd(math.MaxInt64).Sub(usd(-1)) }, 0, ErrAmountOverflow},
		{"SubMismatch", func() (Money, error) { return usd(1).Sub(NewMoney(1, "EUR")) }, 0, ErrCurrencyMismatch},
		{"SumEmpty", func() (Money, error) { return Sum() }, 0, nil},
		{"SumOne", func() (Money, error) { return Sum(usd(7)) }, 7, nil},
		{"SumMany", func() (Money, error) { return Sum(usd(1), usd(-5), usd(10)) }, 6, nil},
		{"SumOverflow", func() (Money, error) { return Sum(usd(math.MaxInt64/2+1), usd(math.MaxInt64/2+1)) }, 0, ErrAmountOverflow},
		{"SumBackInRangeStillOverflows", func() (Money, error) {
			return Sum(usd(math.MaxInt64), usd(1), usd(-1))
		}, 0, ErrAmountOverflow},
		{"SumMismatch", func() (Money, error) { return Sum(usd(1), NewMoney(1, "JPY")) }, 0, ErrCurrencyMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.op()
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got %v, %v; want error %v", got, err, tt.wantErr)
				}
				if got != (Money{}) {
					t.Fatalf("got %v with the error, want the zero Money", got)
				}
				return
			}
			if err != nil || got.Minor != tt.want {
				t.Fatalf("got %v, %v; want %d", got, err, tt.want)
			}
		})
	}
}

func TestLineNetRounding(t *testing.T) {
	tests := []struct {
		name            string
		qty, price, dis string
		want            int64
	}{
		{"Whole", "2", "10.00", "0", 2000},
		{"HalfUp", "1", "0.005", "0", 1},         // price in USD cents: 0.5 cent → 1 (price parsed with 3 places below)
		{"ThirdQty", "0.3333", "3.00", "0", 100}, // 0.9999 → 1.00
		{"HalfAwayFromZero", "0.5", "0.05", "0", 3},
		{"Discount10", "3", "19.99", "10", 5397}, // 59.97 × 0.9 = 53.973
		{"DiscountHalf", "1", "0.25", "50", 13},  // 0.125 → 0.13
		{"FullDiscount", "5", "10.00", "100", 0},
		{"FourPlaces", "1.2345", "100.00", "0", 12345},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseDecimal4(tt.qty)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ParseDecimal4(tt.dis)
			if err != nil {
				t.Fatal(err)
			}
			var price int64
			if tt.name == "HalfUp" {
				// A price of half a cent, as minor units scaled: 0.5 minor
				// units can't be a price, so test the rounding on quantity.
				q, price = D4(1)/2, 1
				tt.want = 1
			} else {
				m, err := ParseMoney(tt.price, "USD")
				if err != nil {
					t.Fatal(err)
				}
				price = m.Minor
			}
			got, err := LineNet(q, price, d)
			if err != nil || got != tt.want {
				t.Fatalf("LineNet(%s, %d, %s) = %d, %v; want %d", q, price, d, got, err, tt.want)
			}
		})
	}
}

func TestTaxPerRate(t *testing.T) {
	// Three lines at 20% whose own taxes would round to 0.07+0.07+0.07 = 0.21
	// but whose summed net 1.00 at 20% is exactly 0.20: tax is per rate on the sum.
	lines := []Line{
		{Quantity: D4(1), UnitPrice: 33, TaxRate: D4(20)},
		{Quantity: D4(1), UnitPrice: 33, TaxRate: D4(20)},
		{Quantity: D4(1), UnitPrice: 34, TaxRate: D4(20)},
		{Quantity: D4(2), UnitPrice: 1000, TaxRate: mustD4("8.875")},
		{Quantity: D4(1), UnitPrice: 500, TaxRate: 0},
	}
	net, tax, taxes, err := computeLines(lines)
	if err != nil {
		t.Fatal(err)
	}
	// 20.00 at 8.875% = 1.775 → 1.78 (half away from zero).
	if net != 100+2000+500 || tax != 20+178 {
		t.Fatalf("net %d tax %d", net, tax)
	}
	if len(taxes) != 2 || taxes[0].Rate != mustD4("8.875") || taxes[0].Tax != 178 || taxes[1].Tax != 20 {
		t.Fatalf("taxes %+v", taxes)
	}
}

func TestNegativeRounding(t *testing.T) {
	// Half away from zero on the negative side too.
	if got, _ := TaxOn(-25, D4(10)); got != -3 {
		t.Fatalf("TaxOn(-25, 10%%) = %d, want -3", got)
	}
	if got, _ := TaxOn(25, D4(10)); got != 3 {
		t.Fatalf("TaxOn(25, 10%%) = %d, want 3", got)
	}
}

func mustD4(s string) Decimal4 {
	d, err := ParseDecimal4(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestAddTotalRefusesOverflow(t *testing.T) {
	sums := map[string]int64{}
	if err := addTotal(sums, NewMoney(math.MaxInt64, "USD")); err != nil {
		t.Fatal(err)
	}
	if err := addTotal(sums, NewMoney(5, "EUR")); err != nil || sums["EUR"] != 5 {
		t.Fatalf("EUR: %v, %v", sums, err)
	}
	if err := addTotal(sums, NewMoney(1, "USD")); !errors.Is(err, ErrAmountOverflow) {
		t.Fatalf("overflow: %v", err)
	}
	if sums["USD"] != math.MaxInt64 {
		t.Fatalf("the sum changed on error: %v", sums)
	}
}

package ledger

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The accountant's exports book Paidup's fixed chart (journal.go) to the
// accounts of the bookkeeper's own chart. Settings accounts.NNNN (one per
// account of the chart) hold "CODE" or "CODE Name": the code is what DATEV
// and Xero take (an account number), the name what QuickBooks's IIF books
// to (its accounts go by name). Unset, an account keeps Paidup's number and
// name.

// MappedAccount is one of Paidup's accounts in the bookkeeper's chart.
type MappedAccount struct {
	Code string // the account number there (Paidup's own by default)
	Name string // the account name there (Paidup's own by default)
}

// AccountMap maps each account of Paidup's chart to the bookkeeper's.
type AccountMap map[Account]MappedAccount

// Of is the mapped account of a (Paidup's own when the chart has no such
// account).
func (m AccountMap) Of(a Account) MappedAccount {
	if v, ok := m[a]; ok {
		return v
	}
	return MappedAccount{Code: strconv.Itoa(int(a)), Name: a.Name()}
}

// accountSettingKey is the setting that maps account a.
func accountSettingKey(a Account) string { return fmt.Sprintf("accounts.%d", int(a)) }

// parseMappedAccount reads "CODE" or "CODE Name".
func parseMappedAccount(a Account, v string) MappedAccount {
	v = strings.TrimSpace(v)
	code, name, _ := strings.Cut(v, " ")
	name = strings.TrimSpace(name)
	if name == "" {
		name = a.Name()
	}
	return MappedAccount{Code: code, Name: name}
}

// checkAccountCode accepts "CODE" or "CODE Name": a code of letters,
// digits, '.' and '-', at most 20 characters, then a name of at most 100.
func checkAccountCode(s string) (string, error) {
	code, name, _ := strings.Cut(strings.TrimSpace(s), " ")
	if code == "" || len(code) > 20 || strings.TrimLeft(code, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-") != "" {
		return "", fmt.Errorf("%q: start with the account's code (letters, digits, '.' or '-', at most 20), then its name if you like", s)
	}
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 100 {
		return "", fmt.Errorf("the account name is longer than 100 characters")
	}
	if name == "" {
		return code, nil
	}
	return code + " " + name, nil
}

// AccountMap reads the mapping of the chart from the settings.
func (s *Store) AccountMap(ctx context.Context) (AccountMap, error) {
	m := AccountMap{}
	for _, a := range Accounts {
		v, err := s.Setting(ctx, accountSettingKey(a), "")
		if err != nil {
			return nil, err
		}
		if v == "" {
			m[a] = MappedAccount{Code: strconv.Itoa(int(a)), Name: a.Name()}
			continue
		}
		m[a] = parseMappedAccount(a, v)
	}
	return m, nil
}

// accountSettingKeys are the settings of the mapping, one per account.
func accountSettingKeys() []SettingKey {
	var out []SettingKey
	for _, a := range Accounts {
		ex, ok := accountExample[a]
		if !ok {
			ex = strconv.Itoa(int(a))
		}
		out = append(out, SettingKey{Name: accountSettingKey(a),
			Help:    fmt.Sprintf("the bookkeeper's account for %d %s in exports: its code, then its name if you like (default %d)", int(a), a.Name(), int(a)),
			Example: ex, check: checkAccountCode})
	}
	return out
}

// accountExample is each account in the German SKR03 chart, as an example.
var accountExample = map[Account]string{
	AccBank: "1200 Bank", AccReceivable: "1400 Forderungen aus Lieferungen und Leistungen", AccCredits: "1590 Durchlaufende Posten",
	AccTaxPayable: "1776 Umsatzsteuer 19 %", AccSales: "8400 Erlöse 19 % USt", AccLateFees: "8650 Erlöse Zinsen und Diskontbeträge",
	AccDiscounts: "8736 Gewährte Skonti 19 % USt", AccBadDebts: "2400 Forderungsverluste",
}

// accountSettingForms are the Settings form's fields of the mapping.
func accountSettingForms() map[string]settingForm {
	out := map[string]settingForm{}
	for _, a := range Accounts {
		out[accountSettingKey(a)] = settingForm{fmt.Sprintf("%d %s", int(a), a.Name()), GroupAccounting,
			fmt.Sprintf("Account code in your bookkeeping, then its name (%d if empty)", int(a)), nil, false}
	}
	return out
}

package ledger

import (
	"fmt"
	"slices"
	"strings"
)

// RiskSegments are the segments a risk score puts a customer in, from
// the best payers to the worst (risk.go).
var RiskSegments = []string{"new", "prompt", "slow", "chronic late", "at risk"}

// ParseSegmentPolicy reads reminders.segment_policy: which reminder
// policy the customers of a segment follow when they have none of their
// own, as "segment=policy" pairs separated by commas ("chronic late=firm,
// at risk=final"; an underscore may stand for the space).
func ParseSegmentPolicy(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		seg, policy, ok := strings.Cut(pair, "=")
		seg = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(seg)), "_", " ")
		policy = strings.TrimSpace(policy)
		switch {
		case !ok || policy == "":
			return nil, fmt.Errorf("%q: want segment=policy, e.g. \"chronic late=firm\"", strings.TrimSpace(pair))
		case !slices.Contains(RiskSegments, seg):
			return nil, fmt.Errorf("%q is not a segment: use %s", seg, strings.Join(RiskSegments, ", "))
		case !ValidName(policy):
			return nil, fmt.Errorf("%q is not a policy name: 1 to 32 lower-case letters, digits, '-' or '_'", policy)
		case out[seg] != "":
			return nil, fmt.Errorf("segment %q is named twice", seg)
		}
		out[seg] = policy
	}
	return out, nil
}

// checkSegmentPolicy validates reminders.segment_policy and stores it
// in its plain form.
func checkSegmentPolicy(s string) (string, error) {
	m, err := ParseSegmentPolicy(s)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, seg := range RiskSegments {
		if p := m[seg]; p != "" {
			parts = append(parts, seg+"="+p)
		}
	}
	return strings.Join(parts, ", "), nil
}

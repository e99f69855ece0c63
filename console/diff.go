package console

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// change is one difference between two JSON documents: a member or list
// item added, removed, or whose value changed, at a path such as
// "OpportunitySummary.Lifecycle.ReviewStatus" or "Contacts[0].Email".
type change struct {
	Path, Kind    string // Kind: added, removed, changed
	Before, After string // the values as compact JSON, "" where absent
}

// diffJSON lists what changed from a to b, two decoded JSON values (maps,
// lists, scalars, as tree makes them), in path order: objects member by
// member, lists item by item (an item inserted in the middle shows as
// changes to the items after it, which is enough to read revisions by).
func diffJSON(a, b any) []change {
	var out []change
	diffAt("", a, b, &out)
	return out
}

func diffAt(path string, a, b any, out *[]change) {
	am, aMap := a.(map[string]any)
	bm, bMap := b.(map[string]any)
	if aMap && bMap {
		keys := make([]string, 0, len(am)+len(bm))
		for k := range am {
			keys = append(keys, k)
		}
		for k := range bm {
			if _, ok := am[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			av, inA := am[k]
			bv, inB := bm[k]
			switch {
			case !inA:
				*out = append(*out, change{Path: p, Kind: "added", After: compact(bv)})
			case !inB:
				*out = append(*out, change{Path: p, Kind: "removed", Before: compact(av)})
			default:
				diffAt(p, av, bv, out)
			}
		}
		return
	}
	al, aList := a.([]any)
	bl, bList := b.([]any)
	if aList && bList {
		for i := range max(len(al), len(bl)) {
			p := path + "[" + strconv.Itoa(i) + "]"
			switch {
			case i >= len(al):
				*out = append(*out, change{Path: p, Kind: "added", After: compact(bl[i])})
			case i >= len(bl):
				*out = append(*out, change{Path: p, Kind: "removed", Before: compact(al[i])})
			default:
				diffAt(p, al[i], bl[i], out)
			}
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, change{Path: path, Kind: "changed", Before: compact(a), After: compact(b)})
	}
}

// compact is v as one line of JSON, markup left as written: the page's
// template escapes it.
func compact(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

package api

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestDateTimeMarshal(t *testing.T) {
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 3, 14, 9, 21, 45, 118_000_000, time.UTC), `"2025-03-14T09:21:45.118Z"`},
		{time.Date(2025, 3, 14, 9, 21, 45, 0, time.UTC), `"2025-03-14T09:21:45.000Z"`},
		{time.Date(2025, 3, 14, 9, 21, 45, 118_999_999, time.UTC), `"2025-03-14T09:21:45.118Z"`}, // truncated
		{time.Date(2025, 3, 14, 11, 21, 45, 5_000_000, time.FixedZone("", 2*3600)), `"2025-03-14T09:21:45.005Z"`},
		{time.Time{}, `"0001-01-01T00:00:00.000Z"`},
	} {
		got, err := json.Marshal(DateTime{tc.in})
		if err != nil || string(got) != tc.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
		// Through a pointer, as in generated structures.
		got, err = json.Marshal(struct{ T *DateTime }{NewDateTime(tc.in)})
		if want := `{"T":` + tc.want + `}`; err != nil || string(got) != want {
			t.Errorf("Marshal(&%v) = %s, %v; want %s", tc.in, got, err, want)
		}
	}
	if _, err := json.Marshal(DateTime{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}); err == nil {
		t.Error("Marshal of year 10000 succeeded")
	}
	got, _ := json.Marshal(struct{ T *DateTime }{})
	if string(got) != `{"T":null}` {
		t.Errorf("nil DateTime = %s", got)
	}
}

func TestDateTimeUnmarshal(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UTC()
	}
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{`"2025-06-02T16:04:12Z"`, at("2025-06-02T16:04:12Z")},
		{`"2025-06-02T16:04:12.9Z"`, at("2025-06-02T16:04:12.9Z")},
		{`"2025-06-02T16:04:12.907Z"`, at("2025-06-02T16:04:12.907Z")},
		{`"2025-06-02T16:04:12.907000Z"`, at("2025-06-02T16:04:12.907Z")},
		{`"2025-06-02T16:04:12.907123Z"`, at("2025-06-02T16:04:12.907123Z")},
		{`"2025-06-02T16:04:12.123456789Z"`, at("2025-06-02T16:04:12.123456789Z")},
		{`"2025-06-02T18:04:12+02:00"`, at("2025-06-02T16:04:12Z")},
		{`"2025-06-02T18:04:12.5+02:00"`, at("2025-06-02T16:04:12.5Z")},
		{`"2025-06-02T11:04:12-05:00"`, at("2025-06-02T16:04:12Z")},
		{`"2025-06-02t16:04:12z"`, at("2025-06-02T16:04:12Z")},
		{`"2025-06-02"`, at("2025-06-02T00:00:00Z")},
		{`1748880252`, at("2025-06-02T16:04:12Z")},
		{`1748880252.907`, at("2025-06-02T16:04:12.907Z")},
		{`1748880252.9071234567`, at("2025-06-02T16:04:12.907123456Z")},
		{`1.748880252e9`, at("2025-06-02T16:04:12Z")},
		{`0`, at("1970-01-01T00:00:00Z")},
		{`-1.5`, at("1969-12-31T23:59:58.5Z")},
		{`"1748880252"`, at("2025-06-02T16:04:12Z")},
		{`"1748880252.907"`, at("2025-06-02T16:04:12.907Z")},
		{`"20250602"`, time.Unix(20250602, 0).UTC()},                    // digits only: epoch seconds, not a date
		{`"2025-06-02T16:04:12\u002e5Z"`, at("2025-06-02T16:04:12.5Z")}, // JSON escapes are decoded first
	} {
		var d DateTime
		if err := json.Unmarshal([]byte(tc.in), &d); err != nil {
			t.Errorf("Unmarshal(%s): %v", tc.in, err)
			continue
		}
		if !d.Equal(tc.want) || d.Location() != time.UTC {
			t.Errorf("Unmarshal(%s) = %v, want %v in UTC", tc.in, d.Time, tc.want)
		}
	}
}

func TestDateTimeUnmarshalRejects(t *testing.T) {
	for _, tc := range []struct{ in, value string }{
		{`"not-a-date"`, "not-a-date"},
		{`""`, ""},
		{`"2025-06-02T16:04:12"`, "2025-06-02T16:04:12"},                         // no zone
		{`"2025-06-02T16:04:12.1234567890Z"`, "2025-06-02T16:04:12.1234567890Z"}, // 10 digits
		{`"2025-06-02T16:04:12.Z"`, "2025-06-02T16:04:12.Z"},
		{`"2025-06-02 16:04:12Z"`, "2025-06-02 16:04:12Z"},
		{`"2025-06-02T16:04Z"`, "2025-06-02T16:04Z"},
		{`"2025-06-02T16:04:12+0200"`, "2025-06-02T16:04:12+0200"},
		{`"2025-13-02T16:04:12Z"`, "2025-13-02T16:04:12Z"},
		{`"2025-02-30"`, "2025-02-30"},
		{`"2025-06-02T24:00:00Z"`, "2025-06-02T24:00:00Z"},
		{`"1e400"`, "1e400"},
		{`"0x10"`, "0x10"},
		{`" 1748880252"`, " 1748880252"},
		{`1e300`, "1e300"},
		{`99999999999999`, "99999999999999"},
		{`true`, "true"},
		{`{}`, "{}"},
		{`[]`, "[]"},
	} {
		var d DateTime
		err := json.Unmarshal([]byte(tc.in), &d)
		var te *TimestampError
		if !errors.As(err, &te) {
			t.Errorf("Unmarshal(%s) error = %v (%T), want *TimestampError", tc.in, err, err)
			continue
		}
		if te.Value != tc.value {
			t.Errorf("Unmarshal(%s): TimestampError.Value = %q, want %q", tc.in, te.Value, tc.value)
		}
	}
}

func TestDateTimeInStructures(t *testing.T) {
	var r UpdateOpportunityRequest
	if err := json.Unmarshal([]byte(`{"LastModifiedDate": null}`), &r); err != nil || r.LastModifiedDate != nil {
		t.Fatalf("null: %v, %v", r.LastModifiedDate, err)
	}
	err := json.Unmarshal([]byte(`{"LifeCycle": {"NextStepsHistory": [{"Value": "x", "Time": "yesterday"}]}}`), &r)
	var te *TimestampError
	if !errors.As(err, &te) || te.Value != "yesterday" {
		t.Fatalf("nested bad timestamp: %v (%T)", err, err)
	}
	if err := json.Unmarshal([]byte(`{"LastModifiedDate": "2025-06-02T18:04:12.907+02:00"}`), &r); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(struct{ T *DateTime }{r.LastModifiedDate})
	if err != nil || string(out) != `{"T":"2025-06-02T16:04:12.907Z"}` {
		t.Fatalf("round trip = %s, %v", out, err)
	}
}

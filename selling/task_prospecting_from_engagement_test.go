package selling_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
)

// missingEngagement is a well-formed engagement id nobody created.
const missingEngagement = "eng-00000000000000"

// enterpriseLead is a Qualified lead of an enterprise customer in the US.
func enterpriseLead() map[string]any {
	p := leadContext("Qualified")
	set(p, "Lead.Customer.MarketSegment", "Enterprise")
	return p
}

// newEngagement creates an engagement of s.Account with the given
// contexts (Type, Payload pairs) and returns its id.
func newEngagement(t *testing.T, s *apitest.Server, contexts ...map[string]any) string {
	t.Helper()
	list := []any{}
	for _, c := range contexts {
		list = append(list, c)
	}
	out := s.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": fmt.Sprintf("eng-%d", tokens.Add(1)),
		"Title": "Lead", "Description": "A lead to prospect", "Contexts": list})
	return out["Id"].(string)
}

func leadOf(status string) map[string]any {
	return map[string]any{"Type": "Lead", "Payload": leadContext(status)}
}

func startProspecting(s *apitest.Server, name string, ids ...string) map[string]any {
	return s.OK("StartProspectingFromEngagementTask", map[string]any{"Catalog": "Sandbox",
		"ClientToken": fmt.Sprintf("p-%d", tokens.Add(1)), "TaskName": name, "Identifiers": ids})
}

func getProspecting(s *apitest.Server, taskID string) map[string]any {
	return s.OK("GetProspectingFromEngagementTask", map[string]any{"Catalog": "Sandbox", "TaskIdentifier": taskID})
}

// outcomes maps each engagement of a Get answer to its result.
func outcomes(task map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, e := range task["Engagements"].([]any) {
		m := e.(map[string]any)
		out[m["EngagementIdentifier"].(string)] = m
	}
	return out
}

func TestStartProspectingValidation(t *testing.T) {
	s := apitest.New(t)
	eng := newEngagement(t, s, map[string]any{"Type": "Lead", "Payload": enterpriseLead()})
	tests := []struct {
		name string
		edit func(m map[string]any)
		want string
	}{
		{"no engagements", func(m map[string]any) { m["Identifiers"] = []string{} }, "identifiers:NOT_ENOUGH_VALUES"},
		{"engagement twice", func(m map[string]any) { m["Identifiers"] = []string{eng, missingEngagement, eng} }, "identifiers:DUPLICATE_KEY_VALUE"},
		{"not an engagement id", func(m map[string]any) { m["Identifiers"] = []string{"O1234"} }, "identifiers:INVALID_STRING_FORMAT"},
		{"no task name", func(m map[string]any) { delete(m, "TaskName") }, "taskName:REQUIRED_FIELD_MISSING"},
		{"no identifiers", func(m map[string]any) { delete(m, "Identifiers") }, "identifiers:REQUIRED_FIELD_MISSING"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{"Catalog": "Sandbox", "ClientToken": "v-" + tt.name, "TaskName": "Q1", "Identifiers": []string{eng}}
			tt.edit(body)
			r := s.Fail("StartProspectingFromEngagementTask", body, "ValidationException")
			if got := fieldErrors(r); !contains(got, tt.want) {
				t.Errorf("field errors %v, want %s", got, tt.want)
			}
			if msg, _ := r.JSON()["Message"].(string); msg == "" {
				t.Errorf("no message: %s", r.Body)
			}
		})
	}
	list := s.OK("ListProspectingFromEngagementTasks", map[string]any{"Catalog": "Sandbox"})
	if n := len(list["TaskSummaries"].([]any)); n != 0 {
		t.Errorf("refused requests made %d tasks", n)
	}
}

func TestStartProspectingIsIdempotent(t *testing.T) {
	s := apitest.New(t)
	eng := newEngagement(t, s, map[string]any{"Type": "Lead", "Payload": enterpriseLead()})
	body := map[string]any{"Catalog": "Sandbox", "ClientToken": "same", "TaskName": "Q1", "Identifiers": []string{eng}}
	first := s.OK("StartProspectingFromEngagementTask", body)
	if again := s.OK("StartProspectingFromEngagementTask", body); again["TaskId"] != first["TaskId"] || again["StartTime"] != first["StartTime"] {
		t.Errorf("retry = %v, want %v", again, first)
	}
	body["TaskName"] = "Q2"
	s.Fail("StartProspectingFromEngagementTask", body, "ConflictException")
	list := s.OK("ListProspectingFromEngagementTasks", map[string]any{"Catalog": "Sandbox"})
	if n := len(list["TaskSummaries"].([]any)); n != 1 {
		t.Errorf("%d tasks, want 1", n)
	}
}

func TestGetProspectingTaskOfAnotherAccount(t *testing.T) {
	s := apitest.New(t)
	eng := newEngagement(t, s, map[string]any{"Type": "Lead", "Payload": enterpriseLead()})
	taskID := startProspecting(s, "Mine", eng)["TaskId"].(string)
	tests := []struct {
		name    string
		as      string
		catalog string
		task    string
	}{
		{"another account", "222222222222", "Sandbox", taskID},
		{"another catalog", s.Account, "AWS", taskID},
		{"unknown task", s.Account, "Sandbox", "task-00000000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.As(tt.as).Fail("GetProspectingFromEngagementTask", map[string]any{"Catalog": tt.catalog, "TaskIdentifier": tt.task},
				"ResourceNotFoundException")
			if msg, _ := r.JSON()["Message"].(string); !strings.Contains(msg, tt.task) {
				t.Errorf("message %q does not name the task", msg)
			}
		})
	}
	if l := s.As("222222222222").OK("ListProspectingFromEngagementTasks", map[string]any{"Catalog": "Sandbox"}); len(l["TaskSummaries"].([]any)) != 0 {
		t.Errorf("another account lists %v", l)
	}
}

func TestListProspectingTasks(t *testing.T) {
	s := apitest.New(t)
	good := newEngagement(t, s, map[string]any{"Type": "Lead", "Payload": enterpriseLead()})
	noLead := newEngagement(t, s, map[string]any{"Type": "CustomerProject", "Payload": customerProject("p")})
	// Started a minute apart: alpha (no failure), charlie (one), bravo (three).
	ids := map[string]string{}
	for _, run := range []struct {
		name string
		engs []string
	}{
		{"alpha", []string{good}},
		{"charlie", []string{good, noLead}},
		{"bravo", []string{missingEngagement, "eng-00000000000001", noLead}},
	} {
		ids[run.name] = startProspecting(s, run.name, run.engs...)["TaskId"].(string)
		s.Advance(time.Minute)
	}
	at := func(minutes int) string {
		return apitest.Start.Add(time.Duration(minutes) * time.Minute).Format(time.RFC3339)
	}
	sortBy := func(by, order string) map[string]any { return map[string]any{"SortBy": by, "SortOrder": order} }
	tests := []struct {
		name   string
		filter map[string]any
		want   []string
	}{
		{"newest first by default", nil, []string{"bravo", "charlie", "alpha"}},
		{"start time ascending", map[string]any{"Sort": sortBy("StartTime", "ASCENDING")}, []string{"alpha", "charlie", "bravo"}},
		{"name ascending", map[string]any{"Sort": sortBy("TaskName", "ASCENDING")}, []string{"alpha", "bravo", "charlie"}},
		{"name descending", map[string]any{"Sort": sortBy("TaskName", "DESCENDING")}, []string{"charlie", "bravo", "alpha"}},
		{"most failures first", map[string]any{"Sort": sortBy("FailedEngagementCount", "DESCENDING")}, []string{"bravo", "charlie", "alpha"}},
		{"fewest failures first", map[string]any{"Sort": sortBy("FailedEngagementCount", "ASCENDING")}, []string{"alpha", "charlie", "bravo"}},
		{"by name", map[string]any{"TaskName": []string{"alpha", "bravo", "zulu"}}, []string{"bravo", "alpha"}},
		{"by id", map[string]any{"TaskIdentifier": []string{ids["charlie"]}}, []string{"charlie"}},
		{"started at or after", map[string]any{"StartAfter": at(1)}, []string{"bravo", "charlie"}},
		{"started at or before", map[string]any{"StartBefore": at(1)}, []string{"charlie", "alpha"}},
		{"window", map[string]any{"StartAfter": at(1), "StartBefore": at(1)}, []string{"charlie"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{"Catalog": "Sandbox"}
			for k, v := range tt.filter {
				body[k] = v
			}
			if got := taskNames(s.OK("ListProspectingFromEngagementTasks", body)); !slices.Equal(got, tt.want) {
				t.Errorf("tasks %v, want %v", got, tt.want)
			}
		})
	}

	list := s.OK("ListProspectingFromEngagementTasks", map[string]any{"Catalog": "Sandbox", "TaskName": []string{"charlie"}})
	charlie := list["TaskSummaries"].([]any)[0].(map[string]any)
	for k, want := range map[string]any{"TaskId": ids["charlie"], "TotalEngagementCount": 2.0, "CompletedEngagementCount": 1.0,
		// The clock moved a minute at once: AWS finished when it next looked.
		"FailedEngagementCount": 1.0, "StartTime": at(1)[:19] + ".000Z", "EndTime": at(2)[:19] + ".000Z"} {
		if charlie[k] != want {
			t.Errorf("charlie %s = %v, want %v", k, charlie[k], want)
		}
	}

	// A task AWS has not been through yet has no EndTime and no outcomes.
	pending := startProspecting(s, "delta", good, noLead)
	list = s.OK("ListProspectingFromEngagementTasks", map[string]any{"Catalog": "Sandbox", "TaskIdentifier": []string{pending["TaskId"].(string)}})
	if d := list["TaskSummaries"].([]any)[0].(map[string]any); d["EndTime"] != nil || d["TotalEngagementCount"] != 2.0 ||
		d["CompletedEngagementCount"] != 0.0 || d["FailedEngagementCount"] != 0.0 {
		t.Errorf("pending summary = %v", d)
	}
}

func TestListProspectingTasksPages(t *testing.T) {
	s := apitest.New(t)
	eng := newEngagement(t, s, map[string]any{"Type": "Lead", "Payload": enterpriseLead()})
	var want []string
	for i := range 5 {
		name := fmt.Sprintf("task %d", i)
		startProspecting(s, name, eng)
		want = append(want, name)
		s.Advance(time.Second)
	}
	body := map[string]any{"Catalog": "Sandbox", "MaxResults": 2, "Sort": map[string]any{"SortBy": "TaskName", "SortOrder": "ASCENDING"}}
	var got []string
	pages := 0
	for {
		out := s.OK("ListProspectingFromEngagementTasks", body)
		pages++
		page := taskNames(out)
		if len(page) > 2 {
			t.Fatalf("page of %d with MaxResults 2", len(page))
		}
		got = append(got, page...)
		next, _ := out["NextToken"].(string)
		if next == "" {
			break
		}
		body["NextToken"] = next
	}
	if !slices.Equal(got, want) || pages != 3 {
		t.Errorf("paged %v in %d pages, want %v in 3", got, pages, want)
	}

	first := s.OK("ListProspectingFromEngagementTasks", map[string]any{"Catalog": "Sandbox", "MaxResults": 2})
	other := map[string]any{"Catalog": "Sandbox", "MaxResults": 2, "TaskName": []string{"task 1"}, "NextToken": first["NextToken"]}
	if r := s.Fail("ListProspectingFromEngagementTasks", other, "ValidationException"); !contains(fieldErrors(r), "nextToken:INVALID_VALUE") {
		t.Errorf("token of another listing: %v", fieldErrors(r))
	}
	for _, n := range []int{0, 101} {
		s.Fail("ListProspectingFromEngagementTasks", map[string]any{"Catalog": "Sandbox", "MaxResults": n}, "ValidationException")
	}
	if all := s.OK("ListProspectingFromEngagementTasks", map[string]any{"Catalog": "Sandbox"}); len(all["TaskSummaries"].([]any)) != 5 || all["NextToken"] != nil {
		t.Errorf("default page = %v", all)
	}
}

func taskNames(list map[string]any) []string {
	var names []string
	for _, t := range list["TaskSummaries"].([]any) {
		names = append(names, t.(map[string]any)["TaskName"].(string))
	}
	return names
}

func strs(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, x := range l {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

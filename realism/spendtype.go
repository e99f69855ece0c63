package realism

import (
	"bytes"
	"encoding/json"
	"errors"
)

// spendType is the "__type" member -quirk-spend-type gives every
// Project.ExpectedCustomerSpend item of GetOpportunity's answer. AWS's
// sample app deletes a __type member from those items before echoing them
// (spec §1.9: src/components/EditOpportunity.js, src/utils/opportunityUtils.js),
// so the service's answer has one: the JS SDK it is built on hands a
// structure's unknown members to the application when the structure has a
// string __type, where boto3 drops them. Its value is not shown anywhere. Coral
// names a structure in JSON by its shape id, and the service's errors name
// theirs in the com.amazon.partnerintegrationapi.common namespace (spec
// §1.2), so the value is that namespace and the shape's name (inferred).
const spendType = "com.amazon.partnerintegrationapi.common#ExpectedCustomerSpend"

// withSpendType inserts "__type" first into every item of
// Project.ExpectedCustomerSpend of a GetOpportunity answer. Every other byte
// stays as it was, members in their order.
func withSpendType(body []byte) ([]byte, error) {
	top, err := members(body)
	if err != nil {
		return nil, err
	}
	project := top.find("Project")
	if project == nil || string(*project) == "null" {
		return body, nil
	}
	p, err := members(*project)
	if err != nil {
		return nil, err
	}
	spend := p.find("ExpectedCustomerSpend")
	if spend == nil || string(*spend) == "null" {
		return body, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(*spend, &items); err != nil {
		return nil, err
	}
	typ, _ := json.Marshal(spendType)
	for i, item := range items {
		ms, err := members(item)
		if err != nil {
			return nil, err
		}
		items[i] = append(object{{"__type", typ}}, ms...).marshal()
	}
	list := []byte{'['}
	for i, item := range items {
		if i > 0 {
			list = append(list, ',')
		}
		list = append(list, item...)
	}
	*spend = append(list, ']')
	*project = p.marshal()
	return top.marshal(), nil
}

// object is a JSON object's members in their order.
type object []member

type member struct {
	name  string
	value json.RawMessage
}

var errNotObject = errors.New("realism: not a JSON object")

// members splits a JSON object into its members.
func members(raw []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errNotObject
	}
	var o object
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, ok := t.(string)
		if !ok {
			return nil, errNotObject
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		o = append(o, member{name, v})
	}
	return o, nil
}

// find is the value of the member named name, nil when there is none.
func (o object) find(name string) *json.RawMessage {
	for i := range o {
		if o[i].name == name {
			return &o[i].value
		}
	}
	return nil
}

func (o object) marshal() []byte {
	b := []byte{'{'}
	for i, m := range o {
		if i > 0 {
			b = append(b, ',')
		}
		name, _ := json.Marshal(m.name)
		b = append(append(append(b, name...), ':'), m.value...)
	}
	return append(b, '}')
}

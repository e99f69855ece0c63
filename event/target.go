package event

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// Sender delivers one event (its JSON envelope) to a target.
type Sender interface {
	Send(ctx context.Context, envelope []byte) error
}

// SignatureHeader carries a webhook body's HMAC-SHA256 under the target's
// secret, as "sha256=<hex>", so receivers can tell pcs sent it.
const SignatureHeader = "X-Pcs-Signature"

// Webhook POSTs each event's JSON to a URL. Any 2xx answer is a delivery.
type Webhook struct {
	URL    string
	Secret string // signs the body when set
	Client *http.Client
}

// Send implements Sender.
func (w *Webhook) Send(ctx context.Context, envelope []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(envelope))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if w.Secret != "" {
		m := hmac.New(sha256.New, []byte(w.Secret))
		m.Write(envelope)
		req.Header.Set(SignatureHeader, "sha256="+hex.EncodeToString(m.Sum(nil)))
	}
	client := w.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook %s answered HTTP %d", w.URL, resp.StatusCode)
	}
	return nil
}

// EventBridge puts each event on an event bus through the AWS SDK's
// PutEvents, against AWS or any emulator at Endpoint.
type EventBridge struct {
	Client  *eventbridge.Client
	BusName string // "default" when empty
}

// Send implements Sender.
func (e *EventBridge) Send(ctx context.Context, envelope []byte) error {
	var env struct {
		Source     string          `json:"source"`
		DetailType string          `json:"detail-type"`
		Time       time.Time       `json:"time"`
		Resources  []string        `json:"resources"`
		Detail     json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal(envelope, &env); err != nil {
		return err
	}
	bus := e.BusName
	if bus == "" {
		bus = "default"
	}
	out, err := e.Client.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
		Source: aws.String(env.Source), DetailType: aws.String(env.DetailType), Detail: aws.String(string(env.Detail)),
		Resources: env.Resources, Time: aws.Time(env.Time), EventBusName: aws.String(bus),
	}}})
	if err != nil {
		return err
	}
	if out.FailedEntryCount > 0 && len(out.Entries) > 0 {
		return fmt.Errorf("PutEvents: %s: %s", aws.ToString(out.Entries[0].ErrorCode), aws.ToString(out.Entries[0].ErrorMessage))
	}
	return nil
}

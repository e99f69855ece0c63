package main

import (
	"fmt"
	"go/token"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lowerCamel turns a member name into the form used in ValidationExceptionError.FieldName:
// the first rune is lower-cased, and a name without lower-case letters (an acronym such as
// "AWS") is lower-cased entirely.
func lowerCamel(s string) string {
	if s == "" {
		return s
	}
	if strings.ToUpper(s) == s {
		return strings.ToLower(s)
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// enumConstSuffix turns an enum value into the part of a Go identifier that follows the
// enum type's name: words are split on anything that is not an ASCII letter or digit, each
// word is capitalized, and all-caps words are title-cased ("IN_PROGRESS" → "InProgress",
// "Pending Submission" → "PendingSubmission", "*Other" → "Other", "SaaS or PaaS" →
// "SaaSOrPaaS"). A value without letters or digits becomes "Empty".
func enumConstSuffix(v string) string {
	words := strings.FieldsFunc(v, func(r rune) bool {
		return !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	})
	var b strings.Builder
	for _, w := range words {
		if strings.ToUpper(w) == w {
			w = strings.ToLower(w)
		}
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	if b.Len() == 0 {
		return "Empty"
	}
	return b.String()
}

var exportedIdent = regexp.MustCompile(`^[A-Z][A-Za-z0-9_]*$`)

// checkExportedIdent fails unless name can be used as an exported Go identifier as is.
func checkExportedIdent(what, name string) error {
	if !exportedIdent.MatchString(name) || token.IsKeyword(name) {
		return fmt.Errorf("%s %q is not usable as an exported Go identifier", what, name)
	}
	return nil
}

// opConst is the name of the constant that holds an operation's name.
func opConst(op string) string { return "Op" + op }

// paramName turns a member name into a Go parameter name.
func paramName(member string) string {
	n := lowerCamel(member)
	if token.IsKeyword(n) || isPredeclared(n) {
		n += "Value"
	}
	return n
}

func isPredeclared(n string) bool {
	switch n {
	case "any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32",
		"float64", "int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8",
		"uint16", "uint32", "uint64", "uintptr", "true", "false", "iota", "nil", "append", "cap",
		"clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min", "new",
		"panic", "print", "println", "real", "recover":
		return true
	}
	return false
}

package selling

// Every GetOpportunity of the package's tests checks the stored answer
// against the one built from the document (checkStoredAnswer).
func init() { checkStoredAnswers = true }

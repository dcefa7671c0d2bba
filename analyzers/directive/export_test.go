package directive

// AnalyzerNames exposes the built-in name list to the external test,
// which compares it with analyzers.All().
var AnalyzerNames = analyzerNames

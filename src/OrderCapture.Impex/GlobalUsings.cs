// The token source and its result types live in Core.
global using OrderCapture.Core.Oci;

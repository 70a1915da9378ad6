// The port this project implements, its result types and the contract shapes live in Core.
global using OrderCapture.Core.Oci;
global using OrderCapture.Core.Oci.Contracts;

// Core's storage ports and records are what every store here implements and returns.
global using OrderCapture.Core.Storage;

namespace OrderCapture.Worker;

/// <summary>Anchor type for the worker assembly.</summary>
public static class WorkerAssembly;

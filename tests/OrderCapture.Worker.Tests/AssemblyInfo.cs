// Fixtures start their own simulator on a free port, so they can run side by side.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]

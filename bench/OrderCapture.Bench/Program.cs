using OrderCapture.Bench;

// dotnet run -c Release --project bench/OrderCapture.Bench -- <scenario> [options]; see docs/benchmarks.md.
return args.FirstOrDefault() switch
{
    "capture" => await CaptureScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "reconcile" => await ReconcileScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "merge" => await MergeScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "cache" => await CacheScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "scaleout" => await ScaleOutScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "brownout" => await BrownoutScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "oversell" => await OversellScenario.RunAsync(BenchArgs.Parse(args[1..])),
    "compare" => await CompareScenario.RunAsync(args[1..]),
    "statuspage" => await StatusPageScenario.RunAsync(BenchArgs.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: OrderCapture.Bench compare REF [scenario] [--runs N] [options] | capture [--clients N] [--seconds S] [--rate R] | reconcile [--orders N] [--limit RPS] [--parallel P] [--hot-skus N] | merge [--files N] | cache [--records N] [--deltas M] | scaleout [--clients N] [--seconds S] [--runs sqlite_1,postgres_1,postgres_2] [--pg-statements FILE] | brownout [--clients N] [--seconds S] [--phase S] [--budget-ms MS] | statuspage [--orders N] [--lines L] [--requests R] [--keep FILE] | oversell [--skus N] [--stock U] [--learn S] [--outage S] [--rate R] [--plot FILE]");
    return 2;
}

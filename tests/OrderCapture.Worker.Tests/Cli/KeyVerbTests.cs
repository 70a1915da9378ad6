using System.Diagnostics;
using OrderCapture.Worker.Security;

namespace OrderCapture.Worker.Tests.Cli;

/// <summary><c>ordercapture key new</c> and <c>key hash</c>, run as the real executable.</summary>
public sealed class KeyVerbTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string? input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetTempPath(), RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(OrderCapture.Worker.Cli.OrderCaptureCli).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        return (process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    [Test]
    public async Task A_new_key_is_long_enough_and_its_hash_is_what_the_service_accepts()
    {
        var (newExit, key, _) = await RunAsync(null, "key", "new");
        var (hashExit, hash, _) = await RunAsync(key, "key", "hash");
        var (shortExit, shortOutput, shortError) = await RunAsync("too-short", "key", "hash");

        Assert.Multiple(() =>
        {
            Assert.That(newExit, Is.Zero);
            Assert.That(AccessKeys.IsWellFormed(key), Is.True, key);
            Assert.That(hashExit, Is.Zero);
            Assert.That(hash, Is.EqualTo(AccessKeys.Hash(key)).And.StartWith("sha256:").And.Length.EqualTo(71));
            Assert.That(shortExit, Is.EqualTo(2));
            Assert.That(shortOutput, Is.Empty);
            Assert.That(shortError, Does.Contain("at least 24 characters").And.Not.Contain("too-short"), "the key is not echoed");
        });
    }
}

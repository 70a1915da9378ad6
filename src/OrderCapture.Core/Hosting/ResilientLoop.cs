using Microsoft.Extensions.Logging;

namespace OrderCapture.Core.Hosting;

/// <summary>
/// The shape of every background loop: one step, then wait. A step that fails is logged and the
/// loop goes on at the next tick: a passing database or share error must not stop the worker,
/// and nothing is lost because every step is idempotent and durable state is only moved forward.
/// </summary>
public static partial class ResilientLoop
{
    public static async Task RunAsync(string name, Func<CancellationToken, Task> step, Func<CancellationToken, Task> wait, ILogger logger, TimeProvider time, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await step(stoppingToken).ConfigureAwait(false);
                await wait(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // shutting down
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogStepFailed(logger, ex, name);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Loop} step failed; retrying at the next tick")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string loop);
}

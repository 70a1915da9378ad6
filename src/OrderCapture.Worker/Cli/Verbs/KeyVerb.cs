using System.CommandLine;
using System.Security.Cryptography;
using OrderCapture.Worker.Security;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary>
/// <c>ordercapture key new</c> prints a fresh random key; <c>ordercapture key hash</c> reads a key on
/// standard input (so it stays out of shell history) and prints the <c>sha256:…</c> form to put in
/// <c>OrderCapture:StorefrontKeys</c> / <c>OperatorKeys</c> instead of the key itself.
/// </summary>
internal static class KeyVerb
{
    public static Command Create()
    {
        var command = new Command("key", "Make and hash API keys for OrderCapture:StorefrontKeys and OrderCapture:OperatorKeys.");

        var fresh = new Command("new", "Print a new random key (32 bytes, base64url: 43 characters).");
        fresh.SetAction(_ =>
        {
            Console.WriteLine(Base64Url(RandomNumberGenerator.GetBytes(32)));
            return ExitCodes.Ok;
        });

        var hash = new Command("hash", "Read a key on standard input (one line) and print its sha256:<hex> form for the configuration.");
        hash.SetAction(async (_, ct) =>
        {
            var key = (await Console.In.ReadLineAsync(ct).ConfigureAwait(false))?.Trim() ?? "";
            if (!AccessKeys.IsWellFormed(key) || key.StartsWith(AccessKeys.HashPrefix, StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync($"A key is at least {AccessKeys.MinimumKeyLength} characters without spaces (ordercapture key new makes one); nothing was hashed.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            Console.WriteLine(AccessKeys.Hash(key));
            return ExitCodes.Ok;
        });

        command.Subcommands.Add(fresh);
        command.Subcommands.Add(hash);
        return command;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Text;
using Xunit;

namespace SparkTuner.TestSupport;

/// <summary>
/// Fresh random Prometheus credentials of one kind, as configuration keys (<c>Prometheus:BearerToken</c> …), and the
/// values that must never be shown: the token, the password and its base64 basic-auth header, a secret header value.
/// </summary>
public sealed record Credentials(IReadOnlyList<(string Key, string Value)> Settings, IReadOnlyList<string> Secrets)
{
    /// <summary>"bearer", "token-file" (the file is added to <paramref name="files"/> for deletion) or "basic"; each with a secret X-Api-Key header.</summary>
    public static Credentials Make(string kind, List<string> files)
    {
        var header = "hdr-" + Guid.NewGuid().ToString("N");
        var common = ("Prometheus:Headers:X-Api-Key", header);
        switch (kind)
        {
            case "bearer":
            {
                var token = "tok-" + Guid.NewGuid().ToString("N");
                return new([("Prometheus:BearerToken", token), common], [token, header]);
            }
            case "token-file":
            {
                var token = "file-tok-" + Guid.NewGuid().ToString("N");
                var file = Path.GetTempFileName();
                files.Add(file);
                File.WriteAllText(file, token + "\n");
                return new([("Prometheus:BearerTokenFile", file), common], [token, header]);
            }
            case "basic":
            {
                // A password whose base64 header has neither '+', '/' nor padding, so a leak could not hide behind JSON escaping.
                string password, base64;
                do
                {
                    password = "pw-" + Guid.NewGuid().ToString("N")[..25];
                    base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("grafana:" + password));
                }
                while (base64.Any(c => !char.IsAsciiLetterOrDigit(c)));
                return new([("Prometheus:BasicAuth:Username", "grafana"), ("Prometheus:BasicAuth:Password", password), common],
                    [password, base64, header]);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "bearer, token-file or basic");
        }
    }

    /// <summary>Fails when <paramref name="text"/> holds a secret, whole or any 12 characters in a row of it (what a cut could leave).</summary>
    public void AssertNotIn(string text, string where)
    {
        foreach (var secret in Secrets)
        {
            for (var i = 0; i + 12 <= secret.Length; i++)
            {
                var part = secret.Substring(i, 12);
                Assert.False(text.Contains(part, StringComparison.Ordinal), $"{where} holds '{part}' of a configured secret:\n{text}");
            }
        }
    }
}

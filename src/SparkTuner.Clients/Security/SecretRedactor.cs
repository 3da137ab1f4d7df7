using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using Refit;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Clients.Spark;
using SparkTuner.Core.Series;

namespace SparkTuner.Clients.Security;

/// <summary>
/// Removes configured credentials from text that came from an upstream server (error bodies, error envelopes,
/// warnings, reason phrases) before the text becomes a message that a page, the API, <c>/readyz</c>, a CSV, the CLI or
/// a log line may show. Some proxies echo the request's headers in their error text. Without this, the bearer token or the
/// basic-auth header would reach the browser.
/// <para>
/// Each secret is matched in the forms an echo may take: as configured, trimmed (the handlers send it trimmed), JSON-escaped
/// (strict and relaxed encoders), URL-encoded and HTML-encoded. For basic auth, the base64 of <c>user:password</c> the
/// header carries is matched too. An upstream that cuts its own text can leave only the start or the end of a value. So any run
/// of at least <see cref="MinFragmentLength"/> characters that begins or ends a secret's form is removed, as far as it
/// matches. This also covers a base64 prefix that still decodes to most of the password. Values shorter than
/// <see cref="MinSecretLength"/> are ignored: they would match ordinary words and numbers and break every message, and
/// they protect nothing anyway. Matching is ordinal and literal, never a regular expression, so any character in a
/// secret is safe.
/// </para>
/// Redact before any cut: a message cut first may end in a fragment that no longer matches the whole value.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a removed value is replaced with.</summary>
    public const string Replacement = "[redacted]";

    /// <summary>Configured values shorter than this are not redacted (see the class remarks).</summary>
    public const int MinSecretLength = 6;

    /// <summary>The shortest start or end of a secret's form that is redacted on its own (an upstream's cut). Eight
    /// characters of a base64 form decode to six bytes. A shorter fragment is too likely to be an ordinary word.</summary>
    public const int MinFragmentLength = 8;

    /// <summary>Token-file contents remembered after a rotation. An error may echo the token of a request sent just
    /// before the file changed.</summary>
    private const int RememberedFileTokens = 4;

    private readonly IReadOnlyList<string> _fixed;
    private readonly string? _tokenFile;
    private readonly LinkedList<string> _fileTokens = new();
    private readonly bool _userToken;

    /// <summary>A redactor of the given values (nulls and short values are ignored).</summary>
    public SecretRedactor(IEnumerable<string?> secrets)
        : this(secrets, null)
    {
    }

    private SecretRedactor(IEnumerable<string?> secrets, string? tokenFile, bool userToken = false)
    {
        _fixed = Forms(secrets).ToList();
        _tokenFile = string.IsNullOrEmpty(tokenFile) ? null : tokenFile;
        _userToken = userToken;
    }

    /// <summary>A redactor that changes nothing.</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>
    /// The Prometheus credentials: <see cref="PrometheusOptions.BearerToken"/>, the current (and recent) contents of
    /// <see cref="PrometheusOptions.BearerTokenFile"/> (read again at each redaction, because the file rotates), the basic-auth password and
    /// the base64 <c>user:password</c> of its header, and every <see cref="PrometheusOptions.Headers"/> value. A tenant
    /// id is not secret, but the configuration does not say which headers are. Redacting all of them is the safe choice.
    /// With <see cref="PrometheusOptions.ForwardUserToken"/>, also the user token of the calling
    /// <see cref="UpstreamScope"/>: a message is logged, and a log is read by others than that user.
    /// </summary>
    public static SecretRedactor For(PrometheusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secrets = new List<string?> { options.BearerToken };
        if (options.BasicAuth is { } basic)
        {
            secrets.Add(basic.Password);
            if (!string.IsNullOrEmpty(basic.Password))
            {
                secrets.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.Username}:{basic.Password}")));
            }
        }
        secrets.AddRange(options.Headers.Values);
        return new SecretRedactor(secrets, options.BearerTokenFile, options.ForwardUserToken);
    }

    /// <summary>The Spark REST credentials: <see cref="SparkRestOptions.BearerToken"/> and every <see cref="SparkRestOptions.Headers"/> value.</summary>
    public static SecretRedactor For(SparkRestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SecretRedactor([options.BearerToken, .. options.Headers.Values]);
    }

    /// <summary><paramref name="text"/> with every secret (whole, or a start or end left by a cut) replaced by <see cref="Replacement"/>.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var forms = CurrentForms();
        if (forms.Count == 0) return text;

        bool[]? hidden = null;
        foreach (var form in forms)
        {
            Mark(text, form, ref hidden);
        }
        if (hidden is null) return text;

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!hidden[i])
            {
                sb.Append(text[i]);
            }
            else if (i == 0 || !hidden[i - 1])
            {
                sb.Append(Replacement);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// <paramref name="error"/> with its message redacted and its inner exception dropped when any message in that chain
    /// (or a Refit response body it holds) carries a secret. Logs print the whole chain. Returns the same instance when
    /// nothing needed a change.
    /// </summary>
    public DataSourceException Scrub(DataSourceException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = Redact(error.Message);
        var inner = IsClean(error.InnerException) ? error.InnerException : null;
        return ReferenceEquals(message, error.Message) && ReferenceEquals(inner, error.InnerException)
            ? error
            : new DataSourceException(error.ErrorType, message, error.Query, error.StatusCode, inner);
    }

    /// <summary>True when no message in <paramref name="error"/>'s chain, and no Refit response body in it, carries a secret.</summary>
    public bool IsClean(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (!ReferenceEquals(Redact(e.Message), e.Message)) return false;
            if (e is ApiException { Content: { } body } && !ReferenceEquals(Redact(body), body)) return false;
        }
        return true;
    }

    private static bool Same(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);

    /// <summary>
    /// Marks the spans of <paramref name="text"/> that start or end <paramref name="form"/>: the whole value, or a part a
    /// cut left. Letters match in either case: an upstream that lower-cases what it echoes (a header's value, say) leaves
    /// a base64 credential that a few thousand case guesses turn back into the password.
    /// </summary>
    private static void Mark(string text, string form, ref bool[]? hidden)
    {
        var k = Math.Min(form.Length, MinFragmentLength);
        var head = form[..k];
        for (var at = text.IndexOf(head, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = at + 1 < text.Length ? text.IndexOf(head, at + 1, StringComparison.OrdinalIgnoreCase) : -1)
        {
            var n = k;
            while (n < form.Length && at + n < text.Length && Same(text[at + n], form[n])) n++;
            hidden ??= new bool[text.Length];
            Array.Fill(hidden, true, at, n);
        }
        var tail = form[^k..];
        for (var end = text.IndexOf(tail, StringComparison.OrdinalIgnoreCase); end >= 0;
             end = end + 1 < text.Length ? text.IndexOf(tail, end + 1, StringComparison.OrdinalIgnoreCase) : -1)
        {
            // end is where the tail starts; walk backwards from there over the form's earlier characters.
            var start = end;
            var f = form.Length - k;
            while (f > 0 && start > 0 && Same(text[start - 1], form[f - 1]))
            {
                start--;
                f--;
            }
            hidden ??= new bool[text.Length];
            Array.Fill(hidden, true, start, end + k - start);
        }
    }

    private IReadOnlyList<string> CurrentForms()
    {
        var configured = ConfiguredForms();
        if (_userToken && UpstreamScope.Current?.UserToken is { } user)
        {
            return [.. configured, .. Forms([user])];
        }
        return configured;
    }

    private IReadOnlyList<string> ConfiguredForms()
    {
        if (_tokenFile is null) return _fixed;
        string? token = null;
        try
        {
            token = File.ReadAllText(_tokenFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable now: the remembered contents still apply.
        }
        lock (_fileTokens)
        {
            if (!string.IsNullOrEmpty(token) && !_fileTokens.Contains(token))
            {
                _fileTokens.AddFirst(token);
                if (_fileTokens.Count > RememberedFileTokens) _fileTokens.RemoveLast();
            }
            return _fileTokens.Count == 0 ? _fixed : [.. _fixed, .. Forms(_fileTokens)];
        }
    }

    /// <summary>Every form a value may take in an echo, longest first (so a longer form's span is the one marked).</summary>
    private static IEnumerable<string> Forms(IEnumerable<string?> secrets) =>
        secrets
            .Where(s => s is not null)
            .SelectMany(s => new[] { s!, s!.Trim() })
            .Where(s => s.Length >= MinSecretLength)
            .SelectMany(s => new[]
            {
                s,
                JsonBody(JavaScriptEncoder.Default, s),
                JsonBody(JavaScriptEncoder.UnsafeRelaxedJsonEscaping, s),
                Uri.EscapeDataString(s),
                WebUtility.HtmlEncode(s),
            })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToList();

    private static string JsonBody(JavaScriptEncoder encoder, string value) => encoder.Encode(value);
}

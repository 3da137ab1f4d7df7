namespace SparkTuner.Web.Components.Layout;

/// <summary>The remembered light/dark choice, kept in a cookie (read by the server, written by sparktuner.js).</summary>
public static class ThemeChoice
{
    public const string CookieName = "sparktuner-theme";

    /// <summary>"dark" or "light" from the cookie's value; null for a missing or unknown value.</summary>
    public static string? FromCookie(string? value) => value switch
    {
        "dark" => "dark",
        "light" => "light",
        _ => null,
    };
}

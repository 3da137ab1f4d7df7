using System.ComponentModel;
using System.Globalization;

namespace SparkTuner.Core.Runs;

/// <summary>
/// Which series identify Spark applications (configuration <c>Runs:DiscoveryProfile</c>): <c>spark-native</c> or
/// <c>kubernetes</c>. Bound case-insensitively, with or without the dash (<c>SparkNative</c>); anything else — a number
/// included — is refused with the names that are accepted, never read as the default.
/// </summary>
[TypeConverter(typeof(DiscoveryProfileConverter))]
public enum DiscoveryProfile
{
    /// <summary>The driver's <c>/metrics/executors/prometheus</c> line <c>metrics_executor_totalCores</c>; see <see cref="RunDiscoveryOptions.SparkNative"/>.</summary>
    SparkNative,

    /// <summary>kube-state-metrics' <c>kube_pod_labels</c>; see <see cref="RunDiscoveryOptions.Kubernetes"/>.</summary>
    Kubernetes,
}

/// <summary>The configuration names of <see cref="DiscoveryProfile"/> (<c>spark-native</c>, <c>kubernetes</c>) and their parsing.</summary>
public static class DiscoveryProfiles
{
    /// <summary>Every profile with its configuration name, in documentation order.</summary>
    public static IReadOnlyList<(DiscoveryProfile Profile, string Name)> All { get; } =
    [
        (DiscoveryProfile.SparkNative, "spark-native"),
        (DiscoveryProfile.Kubernetes, "kubernetes"),
    ];

    /// <summary>The configuration name of <paramref name="profile"/>.</summary>
    public static string Name(this DiscoveryProfile profile) => All.First(p => p.Profile == profile).Name;

    /// <summary>
    /// Parses a configuration name: case-insensitive, dashes and underscores ignored (<c>spark-native</c>,
    /// <c>SparkNative</c>, <c>SPARK_NATIVE</c>). Numbers are not accepted.
    /// </summary>
    public static bool TryParse(string? text, out DiscoveryProfile profile)
    {
        var key = (text ?? "").Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var (p, _) in All)
        {
            if (string.Equals(key, p.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                profile = p;
                return true;
            }
        }
        profile = default;
        return false;
    }

    /// <summary>The run discovery preset of <paramref name="profile"/>.</summary>
    public static RunDiscoveryOptions Options(this DiscoveryProfile profile) => profile switch
    {
        DiscoveryProfile.Kubernetes => RunDiscoveryOptions.Kubernetes,
        _ => RunDiscoveryOptions.SparkNative,
    };
}

/// <summary>
/// Converts configuration text to <see cref="DiscoveryProfile"/> with <see cref="DiscoveryProfiles.TryParse"/>
/// (the configuration binder asks the type's converter), and back to its configuration name.
/// </summary>
public sealed class DiscoveryProfileConverter : EnumConverter
{
    /// <summary>Creates the converter.</summary>
    public DiscoveryProfileConverter() : base(typeof(DiscoveryProfile))
    {
    }

    /// <inheritdoc/>
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? DiscoveryProfiles.TryParse(text, out var profile)
                ? profile
                : throw new FormatException($"'{text}' is not a discovery profile; expected {string.Join(" or ", DiscoveryProfiles.All.Select(p => p.Name))}.")
            : base.ConvertFrom(context, culture, value);

    /// <inheritdoc/>
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        value is DiscoveryProfile profile && destinationType == typeof(string)
            ? profile.Name()
            : base.ConvertTo(context, culture, value, destinationType);

    /// <inheritdoc/>
    public override StandardValuesCollection GetStandardValues(ITypeDescriptorContext? context) =>
        new(DiscoveryProfiles.All.Select(p => p.Profile).ToArray());
}

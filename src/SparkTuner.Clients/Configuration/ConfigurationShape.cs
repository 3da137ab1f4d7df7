using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace SparkTuner.Clients.Configuration;

/// <summary>
/// Checks a configuration section against the options class it is bound to, before binding: every key must be a
/// property of the class (or of a nested class), and every value must convert to its property's type with the same
/// converter the binder uses. The binder itself ignores unknown keys (a typo'd key silently keeps the default) and
/// throws on the first unconvertible value without saying what it expected; this check reports each of them as
/// <c>KEY = 'VALUE' problem; expected …</c>. Values of keys that are not known are never echoed (they may be secrets).
/// </summary>
public static class ConfigurationShape
{
    /// <summary>Every problem of <paramref name="section"/> as bound to <paramref name="optionsType"/>; empty when it binds cleanly.</summary>
    public static IReadOnlyList<string> Check(IConfiguration section, Type optionsType) =>
        Problems(section, optionsType).Select(p => p.Message).ToList();

    /// <summary>
    /// Binds <paramref name="section"/> onto <paramref name="options"/>, leaving out the keys <see cref="Check"/> refuses
    /// (the binder would throw on the first of them), so the options' own validators still see every other value and
    /// one start reports every mistake.
    /// </summary>
    public static void BindValid(IConfiguration section, object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var refused = Problems(section, options.GetType()).Select(p => p.Path).ToList();
        if (refused.Count == 0)
        {
            section.Bind(options);
            return;
        }
        var path = (section as IConfigurationSection)?.Path ?? "";
        var kept = section.AsEnumerable()
            .Where(kv => !refused.Any(r => kv.Key.Equals(r, StringComparison.OrdinalIgnoreCase)
                || kv.Key.StartsWith(r + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)));
        var copy = new ConfigurationBuilder().AddInMemoryCollection(kept).Build();
        (path.Length == 0 ? (IConfiguration)copy : copy.GetSection(path)).Bind(options);
    }

    private static List<(string Path, string Message)> Problems(IConfiguration section, Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(optionsType);
        var failures = new List<(string, string)>();
        CheckObject(section, (section as IConfigurationSection)?.Path ?? "", optionsType, failures);
        return failures;
    }

    private static void CheckObject(IConfiguration section, string path, Type type, List<(string Path, string Message)> failures)
    {
        var properties = BindableProperties(type);
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                failures.Add((child.Path, $"{child.Path} is not a setting of {(path.Length > 0 ? path : type.Name)}; expected one of {string.Join(", ", properties.Select(p => p.Name))}."));
                continue;
            }
            CheckValue(child, property.PropertyType, failures);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, List<(string Path, string Message)> failures)
    {
        var hasChildren = section.GetChildren().Any();
        var value = section.Value;
        var hasValue = !string.IsNullOrEmpty(value);
        if (DictionaryValueType(type) is { } dictionaryValue)
        {
            if (hasValue)
            {
                failures.Add((section.Path, $"{section.Path} is a single value; expected a section of names and values ({EnvironmentName(section.Path)}__NAME=VALUE)."));
            }
            foreach (var entry in section.GetChildren())
            {
                CheckValue(entry, dictionaryValue, failures);
            }
            return;
        }
        if (ListElementType(type) is { } element)
        {
            if (hasValue)
            {
                failures.Add((section.Path, $"{section.Path} = '{value}' is a single value; expected a list ({EnvironmentName(section.Path)}__0=…, __1=…)."));
            }
            foreach (var item in section.GetChildren())
            {
                if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    failures.Add((item.Path, $"{item.Path} is not a list index; expected {section.Path}:0, {section.Path}:1, …."));
                    continue;
                }
                CheckValue(item, element, failures);
            }
            return;
        }
        if (IsScalar(type))
        {
            if (hasChildren)
            {
                failures.Add((section.Path, $"{section.Path} is a section; expected a single value ({Expectation(type)})."));
            }
            else if (hasValue && !Converts(type, value!))
            {
                failures.Add((section.Path, $"{section.Path} = '{value}' is not valid; expected {Expectation(type)}."));
            }
            else if (value is { Length: 0 } && type != typeof(string) && type != typeof(Uri))
            {
                // Set but empty (an environment variable with nothing after '='): the binder would throw at start.
                failures.Add((section.Path, $"{section.Path} is empty; expected {Expectation(type)} (or leave it unset for the default)."));
            }
            return;
        }
        if (hasValue)
        {
            failures.Add((section.Path, $"{section.Path} is a single value; expected a section with {string.Join(", ", BindableProperties(type).Select(p => p.Name))}."));
        }
        CheckObject(section, section.Path, type, failures);
    }

    private static IReadOnlyList<PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.SetMethod is { IsPublic: true })
            .ToList();

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t.IsPrimitive || t.IsEnum || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri)
            || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(Guid);
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
            && typeof(IDictionary).IsAssignableFrom(type)
            ? value
            : null;

    private static Type? ListElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        return type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] ? element : null;
    }

    private static bool Converts(Type type, string value)
    {
        try
        {
            _ = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>What a value of <paramref name="type"/> looks like, in the user's words.</summary>
    private static string Expectation(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
        {
            var converter = TypeDescriptor.GetConverter(t);
            var names = (converter.GetStandardValues() ?? Enum.GetValues(t)).Cast<object>()
                .Select(v => converter.ConvertToInvariantString(v)).ToList();
            return string.Join(", ", names.Take(names.Count - 1)) + (names.Count > 1 ? " or " : "") + names[^1];
        }
        if (t == typeof(string)) return "text";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(int) || t == typeof(long) || t == typeof(short)) return "a whole number";
        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal)) return "a number";
        if (t == typeof(TimeSpan)) return "a duration such as 00:00:30";
        return $"a {t.Name}";
    }

    /// <summary>The environment variable that sets <paramref name="path"/> (<c>:</c> written as <c>__</c>).</summary>
    public static string EnvironmentName(string path) => path.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);
}

using System.CommandLine;
using System.CommandLine.Parsing;

namespace SparkTuner.Cli.Commands;

/// <summary>
/// Typed System.CommandLine options whose values are read while the command line is parsed: a bad value is a parse
/// error (one line naming the option and the value, exit 2) before anything runs.
/// </summary>
public static class CliOptions
{
    /// <summary>
    /// An option of type <typeparamref name="T"/> whose text is read by <paramref name="parse"/>(name, text); a
    /// <see cref="UsageException"/> from it becomes the parse error.
    /// </summary>
    public static Option<T> Create<T>(string name, string helpName, string description, Func<string, string, T> parse) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return default!;
            try
            {
                return parse(name, result.Tokens[^1].Value);
            }
            catch (UsageException e)
            {
                result.AddError(e.Message);
                return default!;
            }
        },
    };

    /// <summary>A flag: present or not, no value.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>A text option.</summary>
    public static Option<string> Text(string name, string helpName, string description, bool required = false) =>
        new(name) { HelpName = helpName, Description = description, Required = required };

    /// <summary>
    /// A whole number within [<paramref name="min"/>, <paramref name="max"/>]; <c>int.MaxValue</c> or <c>long.MaxValue</c>
    /// as <paramref name="max"/> means "at least <paramref name="min"/>" (larger is "too large").
    /// </summary>
    public static Option<long?> Integer(string name, string description, long min = long.MinValue, long max = long.MaxValue) =>
        Create<long?>(name, "N", description, (k, v) =>
        {
            var n = CliArgs.Integer(k, v);
            if (n >= min && n <= max) return n;
            var bounded = max is not (int.MaxValue or long.MaxValue);
            throw new UsageException(bounded ? $"{k} must be between {min} and {max} (got {v})"
                : n < min ? $"{k} must be at least {min} (got {v})" : $"{k} is too large (got {v})");
        });

    /// <summary>A list of ids or names: comma-separated, and the option may be repeated; at least one value.</summary>
    public static Option<string[]> List(string name, string helpName, string description, bool required = false) => new(name)
    {
        HelpName = helpName,
        Description = description,
        Required = required,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result =>
        {
            var items = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            if (items.Length == 0) result.AddError($"{name} needs at least one value (got '{string.Join(" ", result.Tokens.Select(t => t.Value))}')");
            return items;
        },
    };

    /// <summary>
    /// Offers exactly <paramref name="values"/> to shell completion (the <c>[suggest]</c> directive) for
    /// <paramref name="option"/>, instead of the names of its type's enum members.
    /// </summary>
    public static Option<T> Completing<T>(this Option<T> option, params string[] values)
    {
        option.CompletionSources.Clear();
        option.CompletionSources.Add(values);
        return option;
    }
}

namespace SparkTuner.Demo;

/// <summary>Stateless deterministic noise: a SplitMix64 hash of the seed and a few integer coordinates.</summary>
internal static class DemoNoise
{
    public static ulong Hash(long seed, long a, long b = 0, long c = 0, long d = 0)
    {
        ulong h = Mix((ulong)seed ^ 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (ulong)a);
        h = Mix(h ^ (ulong)b * 0xBF58476D1CE4E5B9UL);
        h = Mix(h ^ (ulong)c * 0x94D049BB133111EBUL);
        h = Mix(h ^ (ulong)d);
        return h;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public static double U(long seed, long a, long b = 0, long c = 0, long d = 0) =>
        (Hash(seed, a, b, c, d) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Approximately standard normal (sum of four uniforms, rescaled), bounded to ±3.5.</summary>
    public static double G(long seed, long a, long b = 0, long c = 0, long d = 0)
    {
        ulong h = Hash(seed, a, b, c, d);
        double s = (h & 0xFFFF) + ((h >> 16) & 0xFFFF) + ((h >> 32) & 0xFFFF) + (h >> 48);
        return (s / 65536.0 - 2.0) / 0.57735026918962576; // var of U(0,1) sum of 4 = 1/3
    }

    public static string Hex(long seed, int length, long a, long b = 0)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i += 16)
        {
            var x = Hash(seed, a, b, 7771, i).ToString("x16");
            for (int j = 0; j < 16 && i + j < length; j++) chars[i + j] = x[j];
        }
        return new string(chars);
    }
}

using System.IO;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// Small named blobs on the ESP32's internal flash file system (drive I:). Torn writes are
    /// handled by the core's durable store above this port (two slots, sequence, checksum).
    /// </summary>
    public sealed class FlashFileStore : IFileStore
    {
        private readonly string _root;

        /// <param name="root">Folder on internal flash, e.g. "I:\\station".</param>
        public FlashFileStore(string root)
        {
            if (root == null || root.Length == 0) throw new System.ArgumentException("root must name a folder", "root");
            _root = root;
            if (!Directory.Exists(_root)) Directory.CreateDirectory(_root);
        }

        public byte[] Read(string name)
        {
            string path = PathOf(name);
            if (!File.Exists(path)) return null;
            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                byte[] data = new byte[(int)stream.Length];
                int offset = 0;
                while (offset < data.Length)
                {
                    int read = stream.Read(data, offset, data.Length - offset);
                    if (read <= 0) break;
                    offset += read;
                }
                if (offset == data.Length) return data;
                byte[] shorter = new byte[offset];
                System.Array.Copy(data, shorter, offset);
                return shorter;
            }
        }

        public void Write(string name, byte[] data, int length)
        {
            if (data == null) throw new System.ArgumentNullException("data");
            if (length < 0 || length > data.Length) throw new System.ArgumentOutOfRangeException("length", "must be 0..data.Length");
            using (FileStream stream = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write))
            {
                stream.Write(data, 0, length);
                stream.Flush();
            }
        }

        public void Delete(string name)
        {
            string path = PathOf(name);
            if (File.Exists(path)) File.Delete(path);
        }

        private string PathOf(string name)
        {
            if (name == null || name.Length == 0 || name.Length > 40)
                throw new System.ArgumentException("name must be 1..40 characters", "name");
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
                if (!ok) throw new System.ArgumentException("name may use letters, digits, '.', '-' and '_' only", "name");
            }
            return _root + "\\" + name;
        }
    }
}

// Command kubeoracle decodes Kubernetes manifests the way `kubectl apply -f`
// does, for kubelint's differential tests. It is a reference, not a linter:
// it prints every object Kubernetes would receive from a file, as JSON.
//
// What it reproduces (each a documented step of kubectl, re-implemented here
// because Debian packages only sigs.k8s.io/yaml and gopkg.in/yaml.v2):
//
//   - k8s.io/apimachinery/pkg/util/yaml.YAMLOrJSONDecoder: a stream is JSON
//     when its first 4096 bytes start, after Unicode white space, with `{`;
//     a JSON stream is a sequence of concatenated JSON values. Otherwise it is
//     YAML, read line by line (lines end at "\n"; a "\r" before it is
//     dropped), and a line starting with `---` followed only by white space
//     or a `#` comment ends a document; anything else after `---` is an error
//     that ends the stream.
//   - k8s.io/cli-runtime FileVisitor: the bytes go through x/text's
//     BOMOverride over a UTF-8 decoder (UTF-16 with a byte order mark is
//     converted, invalid UTF-8 becomes U+FFFD, a UTF-8 BOM is dropped).
//   - sigs.k8s.io/yaml.YAMLToJSON on each document (go-yaml v2: only the
//     first YAML document of a chunk is decoded).
//   - k8s.io/cli-runtime StreamVisitor: empty and `null` documents are
//     skipped; a decoding error ends the stream (objects before it stand);
//     a document whose `metadata` does not decode as an ObjectMeta is an
//     error for that document.
//   - unstructured.UnstructuredJSONScheme: any object with an `items` field
//     is a list; items without both kind and apiVersion get the list's
//     apiVersion and its kind without the `List` suffix; an object needs a
//     kind.
//   - FlattenListVisitor: the items of a list are the objects; an item that
//     is itself a list makes the whole list an error; an item without kind
//     or apiVersion is an error for that item only.
//
// Numbers are printed as kubectl prints them after its unstructured round
// trip: integral JSON numbers that fit in int64 as integers, others as floats.
//
// Usage:
//
//	kubeoracle FILE...      one JSON line per file
//	kubeoracle -batch       frames on stdin ("<byte count>\n<bytes>"), one
//	                        JSON line per frame on stdout, flushed per frame
//
// Each line: {"objects":[...],"errors":["..."]}; "path" too for files.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	gounicode "unicode"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"sigs.k8s.io/yaml"
)

type result struct {
	Path    string        `json:"path,omitempty"`
	Objects []interface{} `json:"objects"`
	Errors  []string      `json:"errors"`
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	args := os.Args[1:]
	if len(args) == 1 && args[0] == "-batch" {
		if err := batch(os.Stdin, out); err != nil {
			fmt.Fprintln(os.Stderr, "kubeoracle:", err)
			os.Exit(2)
		}
		return
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: kubeoracle FILE... | kubeoracle -batch")
		os.Exit(2)
	}
	for _, path := range args {
		data, err := os.ReadFile(path)
		r := result{Path: path, Objects: []interface{}{}, Errors: []string{}}
		if err != nil {
			r.Errors = append(r.Errors, err.Error())
		} else {
			r.Objects, r.Errors = decode(data)
		}
		writeResult(out, r)
	}
}

func batch(in io.Reader, out *bufio.Writer) error {
	reader := bufio.NewReader(in)
	for {
		header, err := reader.ReadString('\n')
		if err == io.EOF && header == "" {
			return nil
		}
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(strings.TrimSpace(header))
		if err != nil || n < 0 {
			return fmt.Errorf("bad frame header %q", header)
		}
		data := make([]byte, n)
		if _, err := io.ReadFull(reader, data); err != nil {
			return err
		}
		objects, errs := decode(data)
		writeResult(out, result{Objects: objects, Errors: errs})
		if err := out.Flush(); err != nil {
			return err
		}
	}
}

func writeResult(out *bufio.Writer, r result) {
	line, err := json.Marshal(r)
	if err != nil {
		line, _ = json.Marshal(result{Path: r.Path, Objects: []interface{}{}, Errors: []string{"kubeoracle: " + err.Error()}})
	}
	out.Write(line)
	out.WriteByte('\n')
}

// decode returns the objects kubectl would apply from data, and the errors
// it would report.
func decode(data []byte) (objects []interface{}, errs []string) {
	objects = []interface{}{}
	errs = []string{}
	converted, _, err := transform.Bytes(unicode.BOMOverride(unicode.UTF8.NewDecoder()), data)
	if err != nil {
		return objects, []string{"read: " + err.Error()}
	}
	next := documents(converted)
	for {
		raw, err := next()
		if err == io.EOF {
			return
		}
		if err != nil {
			errs = append(errs, err.Error())
			return
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		if err := checkMetadata(raw); err != nil {
			errs = append(errs, err.Error())
			continue
		}
		found, itemErrs := objectsOf(raw)
		objects = append(objects, found...)
		errs = append(errs, itemErrs...)
	}
}

// documents frames a stream like YAMLOrJSONDecoder and returns a function
// yielding each document as JSON, io.EOF at the end.
func documents(data []byte) func() ([]byte, error) {
	peek := data
	if len(peek) > 4096 {
		peek = peek[:4096]
	}
	if bytes.HasPrefix(bytes.TrimLeftFunc(peek, gounicode.IsSpace), []byte("{")) {
		dec := json.NewDecoder(bytes.NewReader(data))
		return func() ([]byte, error) {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				if err == io.EOF {
					return nil, io.EOF
				}
				return nil, fmt.Errorf("json: %v", err)
			}
			return raw, nil
		}
	}
	lines := bufio.NewReader(bytes.NewReader(data))
	done := false
	return func() ([]byte, error) {
		if done {
			return nil, io.EOF
		}
		chunk, err := readYAMLDocument(lines)
		if err == io.EOF {
			done = true
			if len(chunk) == 0 {
				return nil, io.EOF
			}
		} else if err != nil {
			done = true
			return nil, err
		}
		j, yerr := yaml.YAMLToJSON(chunk)
		if yerr != nil {
			done = true
			return nil, fmt.Errorf("error converting YAML to JSON: %v", yerr)
		}
		return j, nil
	}
}

// readLine returns the next line with "\n" appended (bufio.Reader.ReadLine
// drops "\n" and a "\r" before it), and io.EOF once the input is exhausted.
func readLine(r *bufio.Reader) ([]byte, error) {
	var buf bytes.Buffer
	for {
		line, isPrefix, err := r.ReadLine()
		buf.Write(line)
		if err != nil {
			buf.WriteByte('\n')
			return buf.Bytes(), err
		}
		if !isPrefix {
			buf.WriteByte('\n')
			return buf.Bytes(), nil
		}
	}
}

// readYAMLDocument collects lines up to the next `---` separator line.
// A chunk is returned with a nil error, the last one with io.EOF.
func readYAMLDocument(r *bufio.Reader) ([]byte, error) {
	var buf bytes.Buffer
	for {
		line, err := readLine(r)
		if err != nil && err != io.EOF {
			return nil, err
		}
		if bytes.HasPrefix(line, []byte("---")) {
			rest := strings.TrimSpace(string(line[3:]))
			if rest != "" && rest[0] != '#' {
				return nil, fmt.Errorf("invalid Yaml document separator: %s", rest)
			}
			if buf.Len() != 0 {
				return buf.Bytes(), nil
			}
			if err == io.EOF {
				return nil, io.EOF
			}
		}
		if err == io.EOF {
			return buf.Bytes(), io.EOF
		}
		buf.Write(line)
	}
}

// objectsOf decodes one document like the unstructured JSON scheme and
// flattens lists like FlattenListVisitor.
func objectsOf(raw []byte) ([]interface{}, []string) {
	var detector struct {
		Items json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(raw, &detector); err != nil {
		return nil, []string{"decode: " + err.Error()}
	}
	if detector.Items == nil {
		object, err := decodeObject(raw)
		if err != nil {
			return nil, []string{err.Error()}
		}
		if stringField(object, "kind") == "" {
			return nil, []string{"Object 'Kind' is missing"}
		}
		return []interface{}{object}, nil
	}
	list, err := decodeObject(raw)
	if err != nil {
		return nil, []string{err.Error()}
	}
	var items []json.RawMessage
	if err := json.Unmarshal(detector.Items, &items); err != nil {
		return nil, []string{"decode list: " + err.Error()}
	}
	listKind := stringField(list, "kind")
	if listKind == "" {
		return nil, []string{"Object 'Kind' is missing"}
	}
	apiVersion := stringField(list, "apiVersion")
	itemKind := strings.TrimSuffix(listKind, "List")
	var decoded []map[string]interface{}
	for _, item := range items {
		object, err := decodeObject(item)
		if err != nil {
			return nil, []string{"decode list item: " + err.Error()}
		}
		if stringField(object, "kind") == "" && stringField(object, "apiVersion") == "" {
			object["kind"] = itemKind
			object["apiVersion"] = apiVersion
		}
		decoded = append(decoded, object)
	}
	var objects []interface{}
	var errs []string
	for _, object := range decoded {
		if nested, ok := object["items"]; ok {
			if _, isArray := nested.([]interface{}); isArray {
				return nil, []string{"a list inside a list is not flattened: " + stringField(object, "kind")}
			}
		}
	}
	for _, object := range decoded {
		switch {
		case stringField(object, "kind") == "":
			errs = append(errs, "list item: Object 'Kind' is missing")
		case stringField(object, "apiVersion") == "":
			errs = append(errs, "list item: Object 'apiVersion' is missing")
		default:
			objects = append(objects, object)
		}
	}
	return objects, errs
}

// decodeObject decodes a JSON object with numbers as kubectl keeps them.
func decodeObject(raw []byte) (map[string]interface{}, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var object map[string]interface{}
	if err := dec.Decode(&object); err != nil {
		return nil, fmt.Errorf("decode: %v", err)
	}
	if object == nil {
		return nil, errors.New("decode: not an object")
	}
	if err := convertNumbers(object); err != nil {
		return nil, err
	}
	return object, nil
}

func convertNumbers(v interface{}) error {
	switch v := v.(type) {
	case map[string]interface{}:
		for k, item := range v {
			converted, err := convertNumber(item)
			if err != nil {
				return err
			}
			v[k] = converted
		}
	case []interface{}:
		for i, item := range v {
			converted, err := convertNumber(item)
			if err != nil {
				return err
			}
			v[i] = converted
		}
	}
	return nil
}

func convertNumber(v interface{}) (interface{}, error) {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i, nil
		}
		f, err := n.Float64()
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	return v, convertNumbers(v)
}

// stringField is unstructured's NestedString: "" unless a string.
func stringField(object map[string]interface{}, key string) string {
	s, _ := object[key].(string)
	return s
}

// objectMeta has the fields and types of k8s.io/apimachinery's ObjectMeta
// that kubectl decodes every document's `metadata` into before using it;
// a type mismatch there is kubectl's "unable to decode" error.
type objectMeta struct {
	Name                       string            `json:"name"`
	GenerateName               string            `json:"generateName"`
	Namespace                  string            `json:"namespace"`
	SelfLink                   string            `json:"selfLink"`
	UID                        string            `json:"uid"`
	ResourceVersion            string            `json:"resourceVersion"`
	Generation                 int64             `json:"generation"`
	CreationTimestamp          metaTime          `json:"creationTimestamp"`
	DeletionTimestamp          *metaTime         `json:"deletionTimestamp"`
	DeletionGracePeriodSeconds *int64            `json:"deletionGracePeriodSeconds"`
	Labels                     map[string]string `json:"labels"`
	Annotations                map[string]string `json:"annotations"`
	OwnerReferences            []struct {
		APIVersion         string `json:"apiVersion"`
		Kind               string `json:"kind"`
		Name               string `json:"name"`
		UID                string `json:"uid"`
		Controller         *bool  `json:"controller"`
		BlockOwnerDeletion *bool  `json:"blockOwnerDeletion"`
	} `json:"ownerReferences"`
	Finalizers    []string `json:"finalizers"`
	ManagedFields []struct {
		Manager     string          `json:"manager"`
		Operation   string          `json:"operation"`
		APIVersion  string          `json:"apiVersion"`
		Time        *metaTime       `json:"time"`
		FieldsType  string          `json:"fieldsType"`
		FieldsV1    json.RawMessage `json:"fieldsV1"`
		Subresource string          `json:"subresource"`
	} `json:"managedFields"`
}

// metaTime decodes like metav1.Time: null, or an RFC 3339 string.
type metaTime struct{}

func (*metaTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	_, err := time.Parse(time.RFC3339, s)
	return err
}

// checkMetadata decodes a document's metadata as kubectl does.
func checkMetadata(raw []byte) error {
	var doc struct {
		Metadata *objectMeta `json:"metadata"`
	}
	// What is not an object at all is objectsOf's error to report.
	if !bytes.HasPrefix(raw, []byte("{")) {
		return nil
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("unable to decode: %v", err)
	}
	return nil
}
